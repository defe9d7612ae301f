// What a person sees and does with the packaged extension in VS Code (code-server 4.139.1 + headless Chromium),
// against the emulator's `demo` scenario. Tests run in order on one page: each continues from the previous state.
// A flow whose part has not landed yet is skipped with the reason, decided from the manifest (a contributed view or
// command must work).
import * as assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { commandTitle, viewContainerTitle, Workbench } from "./workbench";

const containerTitle = viewContainerTitle();
const noTree = containerTitle ? false : "the azureJit view container is not contributed yet (tree part)";

describe("Azure JIT Access in VS Code", () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });

  // Every test leaves a picture of where it ended, for a post-mortem (e2e-artifacts/screenshots/after-*.png).
  afterEach(async (t) => {
    await wb?.screenshot(`after-${t.name.replace(/[^\w]+/g, "-").slice(0, 60)}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  test("'Azure JIT: Show Output' from the command palette shows the extension's log", async () => {
    const title = commandTitle("azureJit.showOutput");
    assert.ok(title, "azureJit.showOutput is not contributed");
    await wb.runCommand(title);
    // Monaco renders spaces as U+00A0, hence \s.
    const line = wb.page.locator(".part.panel .view-line", { hasText: /Azure\sJIT\sAccess\s\d+\.\d+\.\d+\sactivated/ });
    await line.first().waitFor();
    assert.match(await line.first().innerText(), /activated/);
  });

  test("the activity bar opens the Azure JIT view with the emulator's subscriptions", { skip: noTree }, async () => {
    const tab = wb.activityTab(containerTitle!);
    await tab.click();
    await wb.treeRow("Contoso Production").first().waitFor();
    assert.equal(await tab.getAttribute("aria-selected"), "true");
    for (const name of ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"]) {
      assert.equal(await wb.treeRow(name).first().getAttribute("aria-level"), "1", `${name} is not a top-level row`);
    }
  });

  test("subscription → location → policy → VM → ports, with each port's state", { skip: noTree }, async () => {
    await wb.expand(wb.treeRow("Contoso Production"));
    const westEurope = wb.treeRow("West Europe");
    await westEurope.first().waitFor();
    assert.equal(await westEurope.first().getAttribute("aria-level"), "2");
    assert.match(await wb.description(westEurope), /3 policies/);
    await wb.treeRow("North Europe").first().waitFor();
    await wb.expand(westEurope);

    // Two policies are called "default" in West Europe (rg-web-prod with 3 VMs, rg-hub with 2).
    const webProd = wb.allTreeRows().filter({ hasText: "3 VMs" }).filter({ has: wb.page.locator(".label-name").getByText("default", { exact: true }) });
    await wb.expand(webProd);
    assert.equal(await webProd.first().getAttribute("aria-level"), "3");
    for (const vm of ["web-01", "web-02", "win-app-01"]) await wb.treeRow(vm).first().waitFor();

    // bob@contoso.com's request on web-02:22 started 30 min ago for 3 h: open, about 2 h 30 min left.
    await wb.expand(wb.treeRow("web-02"));
    const web02Ssh = wb.treeRow("22 · SSH").filter({ hasText: /open/ });
    await web02Ssh.first().waitFor();
    assert.equal(await web02Ssh.first().getAttribute("aria-level"), "5");
    assert.match(await wb.description(web02Ssh), /^open · 2 h (29|30) min left$/);

    // Windows VM: three ports, none requested.
    await wb.expand(wb.treeRow("win-app-01"));
    for (const port of ["3389 · RDP", "5985 · WinRM", "5986 · WinRM (HTTPS)"]) {
      const row = wb.treeRow(port);
      await row.first().waitFor();
      assert.equal(await wb.description(row), "closed", `${port} state`);
    }
    await wb.screenshot("tree", { publish: true, clip: wb.page.locator(".part.sidebar") });
  });

  test("the forbidden subscription shows an error item with a way forward", { skip: noTree }, async () => {
    await wb.expand(wb.treeRow("Contoso Sandbox"));
    const permissions = wb.treeRow("Show required permissions");
    await permissions.first().waitFor();
    const errorRow = wb.allTreeRows().filter({ has: wb.page.locator(".codicon-error") });
    await errorRow.first().waitFor();
    assert.equal(await errorRow.first().getAttribute("aria-level"), "2");
    // The demo's Contoso Sandbox answers every JIT call with 403 AuthorizationFailed.
    assert.match(await errorRow.first().locator(".label-name").innerText(), /permission/i);
    await wb.treeRow("Retry").first().waitFor();
  });

  test("request access through the form", { skip: "coordinator: the request form flow is not written yet (form part landing)" }, () => {});
  test("the status bar counts down the open window", { skip: "coordinator: the countdown flow is not written yet (status bar part landing)" }, () => {});
  test("re-request an ended window in one click", { skip: "coordinator: the re-request flow is not written yet" }, () => {});
  test("connect opens Remote-SSH on the managed ssh config host", { skip: "coordinator: the connect flow is not written yet (connect part landing)" }, () => {});
});
