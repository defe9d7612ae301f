// What a person sees and does with the packaged extension in VS Code (code-server 4.139.1 + headless Chromium),
// against the emulator's `demo` scenario. Tests run in order on one page: each continues from the previous state.
import * as assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { readRemoteSshOpens, type RemoteSshOpen } from "../../support/remoteWindows";
import {
  commandTitle,
  CONTOSO_PRODUCTION,
  emulator,
  env,
  initiateAs,
  initiateCalls,
  policyPath,
  policyRequests,
  statusBarItemId,
  viewContainerTitle,
  vmPath,
  Workbench,
  type ArmJitRequest,
} from "./workbench";
import { firstPaintLine } from "./firstPaint";

// Every part has landed: a view or command missing from the manifest fails here rather than skipping its flows.
const containerTitle = viewContainerTitle();
assert.ok(containerTitle, "the azureJit view container is not contributed");

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

  // First, so the click meets a fresh profile as a new user's would: the wiring activated at startup, the parts,
  // the token and the subscription list still to come. The figure is printed, never asserted (timings live in
  // `npm run bench`; this one needs a real workbench, so the UI suite prints it).
  test("the activity bar opens the Azure JIT view with the emulator's subscriptions", async () => {
    const tab = wb.activityTab(containerTitle);
    const clickedAt = Date.now();
    await tab.click();
    await wb.treeRow("Contoso Production").first().waitFor();
    const rowAt = Date.now();
    assert.equal(await tab.getAttribute("aria-selected"), "true");
    for (const name of ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"]) {
      assert.equal(await wb.treeRow(name).first().getAttribute("aria-level"), "1", `${name} is not a top-level row`);
    }
    console.log(firstPaintLine({ clickedAt, rowAt, extensionLog: wb.extensionLog(), hostLog: wb.hostLog() }));
  });

  test("'Azure JIT: Show Output' from the command palette shows the extension's log", async () => {
    const title = commandTitle("azureJit.showOutput");
    assert.ok(title, "azureJit.showOutput is not contributed");
    await wb.runCommand(title);
    // Monaco renders spaces as U+00A0, hence \s. The view loaded the tree first, so the panel shows the channel's
    // latest lines: the ARM calls, which only this channel logs.
    const line = wb.page.locator(".part.panel .view-line", { hasText: /GET\s\/subscriptions\// });
    await line.first().waitFor();
    // The first line the parts write when the first use loads them (src/parts.ts).
    assert.match(wb.extensionLog(), /Azure JIT Access \d+\.\d+\.\d+ activated \(its parts loaded in \d+ ms\)/);
  });

  test("with VS Code's account and no session, the view offers Sign in or the Azure CLI; the CLI link brings the tree back", async () => {
    // Back to VS Code's account (the default), which has no session in this profile.
    const settingsPath = join(env("AZURE_JIT_E2E_WORK"), "user-data", "User", "settings.json");
    await wb.runCommand(commandTitle("azureJit.useVsCodeAccount")!);

    const welcome = wb.sidebar().locator(".welcome-view-content");
    await welcome.locator(".monaco-button", { hasText: "Sign in to Azure…" }).first().waitFor();
    await wb.treeRow("Contoso Production").first().waitFor({ state: "detached" });
    await welcome.locator("a", { hasText: "use the Azure CLI's sign-in instead" }).first().click();

    await wb.treeRow("Contoso Production").first().waitFor();
    await welcome.first().waitFor({ state: "detached" });
    assert.equal(
      (JSON.parse(readFileSync(settingsPath, "utf8")) as Record<string, unknown>)["azureJit.authentication"],
      "azureCli",
    );
  });

  test("subscription → location → policy → VM → ports, with each port's state", async () => {
    await wb.expand(wb.treeRow("Contoso Production"));
    const westEurope = wb.treeRow("West Europe");
    await westEurope.first().waitFor();
    assert.equal(await westEurope.first().getAttribute("aria-level"), "2");
    assert.match(await wb.description(westEurope), /3 policies/);
    await wb.treeRow("North Europe").first().waitFor();
    await wb.expand(westEurope);

    // Two policies are called "default" in West Europe (rg-web-prod with 3 VMs, rg-hub with 2).
    const webProd = wb
      .allTreeRows()
      .filter({ hasText: "3 VMs" })
      .filter({ has: wb.page.locator(".label-name").getByText("default", { exact: true }) });
    await wb.expand(webProd);
    assert.equal(await webProd.first().getAttribute("aria-level"), "3");
    for (const vm of ["web-01", "web-02", "win-app-01"]) await wb.treeRow(vm).first().waitFor();

    // bob@contoso.com's request on web-02:22 (from 198.51.100.42) started 30 min ago for 3 h: open for him, about
    // 2 h 30 min left, and not for this user (issue 11: it used to read "open · 2 h 30 min left" as if it were mine).
    assert.equal(await wb.description(wb.treeRow("web-02")), "1 port", "bob's open port is not counted as mine");
    await wb.expand(wb.treeRow("web-02"));
    const web02Ssh = wb.treeRow("22 · SSH").filter({ hasText: /open for bob/ });
    await web02Ssh.first().waitFor();
    assert.equal(await web02Ssh.first().getAttribute("aria-level"), "5");
    // The minutes left follow the emulator's clock, which has run since the scenario was built (over a minute on a
    // loaded machine): the row must show the time left now, give or take the minute the tree redraws on.
    const bobEnd = latestEnd(await policyRequests(policyPath("rg-web-prod", "westeurope", "default")), "/web-02", 22);
    const { now: bobNow } = await emulator<{ now: string }>("/_emulator/clock");
    const minutesLeft = Math.round((bobEnd - Date.parse(bobNow)) / 60_000);
    assert.ok(
      minutesLeft > 120 && minutesLeft <= 150,
      `bob's request has ${minutesLeft} min left, not about 2 h 30 min`,
    );
    const leftTexts = [minutesLeft - 1, minutesLeft, minutesLeft + 1]
      .map((m) => `${Math.floor(m / 60)} h ${m % 60} min`)
      .join("|");
    assert.match(
      await wb.description(web02Ssh),
      new RegExp(`^open for bob@contoso\\.com from 198\\.51\\.100\\.42 · (${leftTexts}) left — not for you$`),
    );

    // Windows VM: three ports, none requested.
    await wb.expand(wb.treeRow("win-app-01"));
    for (const port of ["3389 · RDP", "5985 · WinRM", "5986 · WinRM (HTTPS)"]) {
      const row = wb.treeRow(port);
      await row.first().waitFor();
      assert.equal(await wb.description(row), "closed", `${port} state`);
    }
    await wb.screenshot("tree", { publish: true, clip: wb.page.locator(".part.sidebar") });
  });

  test("the forbidden subscription shows an error item with a way forward", async () => {
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

  test("request access through the form: a closed port's context menu, the policy's VMs, a justification, the outcome", async () => {
    const rdp = wb.treeRow("3389 · RDP");
    assert.equal(await wb.description(rdp), "closed");
    const before = (await initiateCalls()).length;
    await wb.contextMenu(rdp, "Request Access…");

    const form = wb.webview();
    await form.getByRole("heading", { name: "Request JIT access" }).waitFor();
    // The subscription by its name, not its id (issue 11).
    await form.getByText(/^Policy: default · rg-web-prod · westeurope · Contoso Production$/).waitFor();
    // Every VM of the policy with its ports; the port the menu came from is the one ticked.
    for (const vm of ["web-01", "web-02", "win-app-01"]) await form.getByText(vm, { exact: true }).waitFor();
    assert.equal(await form.getByLabel("Port 3389").isChecked(), true);
    assert.equal(await form.getByLabel("Port 5985").isChecked(), false);
    assert.equal(await form.getByLabel("My public IP (Azure detects it)").isChecked(), true);

    await form.getByLabel("Duration").selectOption({ label: "2 h" });
    await form.getByLabel("Justification (optional)").fill("e2e: patch night");
    // The picture shows the whole form: no output panel below it, scrolled to its heading.
    await wb.hidePanel();
    await form.getByRole("heading", { name: "Request JIT access" }).scrollIntoViewIfNeeded();
    await wb.screenshot("form", { publish: true, clip: wb.page.locator(".part.editor") });
    await form.getByRole("button", { name: "Request access" }).click();

    const outcome = form.getByRole("region", { name: "Outcome" });
    await outcome.getByRole("heading", { name: "Access requested" }).waitFor();
    assert.match(await outcome.locator("li").first().innerText(), /^win-app-01, port 3389: open until \d{1,2}:\d{2}/);
    assert.equal((await initiateCalls()).length, before + 1, "one initiate reached Azure");

    // The tree follows: Initiating ("opening…") for about 2 s in the emulator, then open with the time left.
    await wb.waitForDescription(rdp, /^(opening…|open · .+ left)$/);
    assert.match(await wb.waitForDescription(rdp, /^open · /), /^open · (2 h|1 h 59 min) left$/);
    const sent = (await policyRequests(policyPath("rg-web-prod", "westeurope", "default"))).filter(
      (r) => r.justification === "e2e: patch night",
    );
    assert.equal(sent.length, 1);
    assert.deepEqual(
      sent[0].virtualMachines.map((vm) => vm.ports.map((p) => p.number)),
      [[3389]],
    );
    assert.equal(
      sent[0].virtualMachines[0].ports[0].allowedSourceAddressPrefix,
      "203.0.113.10",
      "the caller's IP, as Azure detects it",
    );
  });

  test("the form stops a source the port does not allow before anything is sent (palette → VM → form)", async () => {
    const before = (await initiateCalls()).length;
    await wb.runCommand(commandTitle("azureJit.requestAccess")!);
    await wb.quickInput().locator("input.input").fill("db-01");
    await wb.quickPickRow("db-01").first().waitFor();
    await wb.page.keyboard.press("Enter");

    const form = wb.webview();
    await form.getByText(/^Policy: jit-data · rg-data-prod · westeurope/).waitFor();
    assert.equal(await form.getByLabel("Port 22/TCP").isChecked(), true);
    // db-01:22 only accepts 198.51.100.0/24: the form preselects it and says why.
    assert.equal(await form.getByLabel("Allowed by the policy: 198.51.100.0/24").isChecked(), true);
    await form.getByText(/only accepts requests from 198\.51\.100\.0\/24/).waitFor();

    // An address inside the range is still refused by Azure (the exact prefix is needed): said at once, on the field.
    await form.getByLabel("Another IPv4 address or CIDR range:").check();
    const address = form.getByLabel("IPv4 address or CIDR range", { exact: true });
    await address.fill("198.51.100.7");
    await form.locator('input[aria-invalid="true"][aria-label="IPv4 address or CIDR range"]').waitFor();
    const error = form.locator("p.error:not([hidden])", { hasText: /must be exactly 198\.51\.100\.0\/24/ });
    await error.waitFor();
    assert.ok(
      (await address.getAttribute("aria-describedby"))?.split(" ").includes((await error.getAttribute("id"))!),
      "the error is tied to the field",
    );

    await form.getByRole("button", { name: "Request access" }).click();
    await form.getByRole("status").filter({ hasText: "Fix the marked fields, then submit again." }).waitFor();
    assert.equal(
      await address.evaluate((el) => el === document.activeElement),
      true,
      "focus moves to the field to fix",
    );
    assert.equal((await initiateCalls()).length, before, "nothing was sent to Azure");
    await wb.closeEditor("Request access: db-01");
  });

  test("the status bar counts down the open window; its tooltip and click show the grant", async () => {
    const item = wb.page.locator(`[id="${statusBarItemId("azureJit.countdown")}"]`);
    await item.filter({ hasText: /win-app-01 · \d/ }).waitFor();
    assert.match((await item.innerText()).trim(), /^win-app-01 · (2h 00m|1h 59m)$/);
    assert.equal(await item.locator(".codicon-shield").count(), 1);
    assert.match(
      (await item.locator("[aria-label]").first().getAttribute("aria-label")) ?? "",
      /^Azure JIT access: win-app-01 · /,
    );

    await item.hover();
    const hover = wb.page.locator(".monaco-hover, .workbench-hover").filter({ hasText: "win-app-01:3389" }).first();
    await hover.waitFor();
    const tooltip = Workbench.text(await hover.innerText());
    assert.match(tooltip, /win-app-01:3389 — (2h 00m|1h 59m) left · ends \d{1,2}:\d{2}/);
    assert.match(tooltip, /new connections are refused/);
    await screenshotAround(wb, "countdown", [item, hover]);

    await item.click();
    await wb.quickInput().filter({ hasText: "win-app-01:3389" }).waitFor();
    for (const action of ["Connect", "Re-request", "Copy Address", "Reveal in Tree"])
      await wb.quickPickRow(action).first().waitFor();
    // Reveal in Tree selects the grant's port in the view.
    await wb.quickInput().locator("input.input").fill("Reveal in Tree");
    await wb.quickPickRow("Reveal in Tree").first().waitFor();
    await wb.page.keyboard.press("Enter");
    await wb.treeRow("3389 · RDP").and(wb.page.locator('[aria-selected="true"]')).first().waitFor();
  });

  test("re-request repeats the last request for a port in one click (source, duration, justification)", async () => {
    const before = (await initiateCalls()).length;
    const path = policyPath("rg-web-prod", "westeurope", "default");
    await wb.contextMenu(wb.treeRow("3389 · RDP"), "Re-request Access");
    await waitFor(async () => (await initiateCalls()).length === before + 1, "a second initiate");
    const again = await waitFor(async () => {
      const mine = (await policyRequests(path)).filter((r) => r.justification === "e2e: patch night");
      return mine.length === 2 ? mine : undefined;
    }, "the repeated request in the policy");
    const [first, second] = again.map((r) => r.virtualMachines[0].ports[0]);
    assert.equal(second.number, 3389);
    assert.equal(second.allowedSourceAddressPrefix, first.allowedSourceAddressPrefix);
    const durations = again.map(
      (r) => Date.parse(r.virtualMachines[0].ports[0].endTimeUtc) - Date.parse(r.startTimeUtc),
    );
    for (const d of durations)
      assert.ok(Math.abs(d - 2 * 3600_000) < 60_000, `duration ${d} ms is not the 2 h asked for`);
    await wb.waitForDescription(wb.treeRow("3389 · RDP"), /^open · /);
  });

  test("connect on a port open only for someone else (bob on web-02:22) requests access for me and says theirs stays open", async () => {
    const path = policyPath("rg-web-prod", "westeurope", "default");
    const web02Ssh = wb.treeRow("22 · SSH").filter({ hasText: /open for bob/ });
    await web02Ssh.first().waitFor();
    const before = (await initiateCalls()).length;
    const opened = remoteSshOpens().length;
    await wb.contextMenu(web02Ssh, "Connect");
    // Before issue 11 Connect saw "open", sent nothing and wrote the ssh config for a port closed to this user.
    await wb
      .notification(
        /web-02:22 is open for bob@contoso\.com from 198\.51\.100\.42, not for you: requesting access for you\. Their access stays open\./,
      )
      .first()
      .waitFor();
    await waitFor(async () => (await initiateCalls()).length === before + 1, "an initiate for me");
    await remoteWindowOpened("azure-jit-web-02", opened);
    const onWeb02 = (await policyRequests(path)).filter((r) =>
      r.virtualMachines.some((vm) => vm.id.endsWith("/web-02")),
    );
    const mine = onWeb02.filter((r) => r.requestor === "jit.user@contoso.com");
    assert.equal(mine.length, 1, "one request of mine on web-02");
    assert.equal(
      mine[0]!.virtualMachines[0]!.ports[0]!.allowedSourceAddressPrefix,
      "203.0.113.10",
      "for my own address",
    );
    const bob = onWeb02.find((r) => r.requestor === "bob@contoso.com")!;
    assert.equal(bob.virtualMachines[0]!.ports[0]!.status, "Initiated", "bob's access is not cut");
    // Now open for both: mine is what the port item shows.
    await wb.waitForDescription(
      wb.treeRow("22 · SSH").filter({ has: wb.page.locator(".label-description", { hasText: /^open · / }) }),
      /^open · /,
    );
    assert.equal(remoteSshHosts().at(-1), "azure-jit-web-02");
  });

  test("connect on a closed Linux SSH port: requests it, waits, writes the ssh config host, opens Remote-SSH", async () => {
    await wb.expand(wb.treeRow("web-01"));
    const web01Ssh = wb
      .treeRow("22 · SSH")
      .filter({ has: wb.page.locator(".label-description", { hasText: /^ended/ }) });
    await web01Ssh.first().waitFor();
    const opened = remoteSshOpens().length;
    await wb.contextMenu(web01Ssh, "Connect");
    // The user's home on the VM, so the new window's folder names the alias (it shows web-01's own countdown).
    assert.equal(
      (await remoteWindowOpened("azure-jit-web-01", opened)).args?.folder,
      "vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser",
    );

    assert.equal(remoteSshHosts().at(-1), "azure-jit-web-01");
    assert.deepEqual(sshConfigHost("azure-jit-web-01"), { HostName: "127.61.10.4", User: "azureuser", Port: "22" });
  });

  test("connect on a VM behind Azure Firewall uses the firewall's IP and the mapped port", async () => {
    const hub = wb
      .allTreeRows()
      .filter({ hasText: "2 VMs" })
      .filter({ has: wb.page.locator(".label-name").getByText("default", { exact: true }) });
    await wb.expand(hub);
    await wb.expand(wb.treeRow("jumpbox-01"));
    const ssh = wb.treeRow("22 · SSH").filter({ has: wb.page.locator(".label-description", { hasText: /^closed$/ }) });
    const opened = remoteSshOpens().length;
    await wb.contextMenu(ssh, "Connect");
    await remoteWindowOpened("azure-jit-jumpbox-01", opened);

    assert.equal(remoteSshHosts().at(-1), "azure-jit-jumpbox-01");
    const requests = await policyRequests(policyPath("rg-hub", "westeurope", "default"));
    const mapped = requests
      .flatMap((r) => r.virtualMachines.filter((vm) => vm.id.endsWith("/jumpbox-01")).flatMap((vm) => vm.ports))
      .map((p) => p.mappedPort)
      .filter((p): p is number => p !== undefined);
    assert.equal(mapped.length, 1, "one request with a mapped port");
    assert.deepEqual(sshConfigHost("azure-jit-jumpbox-01"), {
      HostName: "127.61.99.1",
      User: "azureuser",
      Port: String(mapped[0]),
    });
  });

  test("the form's Connect goes to the port the form opened (db-01:5432, not the VM's SSH port) without a second request", async () => {
    const dataPolicy = wb.treeRow("jit-data");
    await wb.expand(dataPolicy);
    await wb.expand(wb.treeRow("db-01"));
    const before = (await initiateCalls()).length;
    await wb.contextMenu(wb.treeRow("5432"), "Request Access…");

    const form = wb.webview();
    await form.getByText(/^Policy: jit-data · rg-data-prod · westeurope/).waitFor();
    assert.equal(await form.getByLabel("Port 5432/TCP").isChecked(), true);
    assert.equal(await form.getByLabel("Port 22/TCP").isChecked(), false);
    await form.getByRole("button", { name: "Request access" }).click();
    const outcome = form.getByRole("region", { name: "Outcome" });
    await outcome.getByRole("heading", { name: "Access requested" }).waitFor();
    // Straight away, while Azure still says Initiating: Connect must wait for this request, not send another for 22.
    await outcome.getByRole("button", { name: "Connect" }).click();
    await wb
      .notification(/db-01:5432 is open at 127\.61\.20\.4:5432/)
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal((await initiateCalls()).length, before + 1, "only the form's request reached Azure");
    await wb.closeEditor("Request access: db-01");
  });

  test("Enable JIT on a 'Not configured' VM writes a policy and moves the VM out of the group", async () => {
    const notConfigured = wb.treeRow("Not configured");
    await wb.expand(notConfigured);
    assert.match(await wb.description(notConfigured), /^2 VMs without JIT$/);
    await wb.contextMenu(wb.treeRow("build-agent-01"), "Enable JIT…");
    // The port form: Linux gets SSH recommended; Save is the first choice.
    await wb.quickInput().filter({ hasText: "Enable JIT on build-agent-01" }).waitFor();
    await wb
      .quickPickRow(/\b22\b/)
      .first()
      .waitFor();
    await wb.quickPickRow("Save").first().click();
    await wb
      .notification(/JIT enabled on build-agent-01/)
      .first()
      .waitFor();

    // Azure now has a policy holding the VM with port 22, and the group lists only the Windows VM.
    const written = await waitFor(async () => {
      const list = await emulator<{
        value: Array<{
          id: string;
          properties: { virtualMachines: Array<{ id: string; ports: Array<{ number: number }> }> };
        }>;
      }>(
        `/subscriptions/${CONTOSO_PRODUCTION}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`,
      );
      return list.value.find((p) => p.properties.virtualMachines.some((vm) => vm.id.endsWith("/build-agent-01")));
    }, "a policy with build-agent-01");
    assert.match(written.id, /\/resourceGroups\/rg-tools\//i);
    assert.deepEqual(
      written.properties.virtualMachines.find((vm) => vm.id.endsWith("/build-agent-01"))!.ports.map((p) => p.number),
      [22],
    );
    await wb.waitForDescription(notConfigured, /^1 VM without JIT$/);
    await wb.treeRow("build-agent-01").first().waitFor({ state: "detached" });
  });

  test("Edit JIT Ports writes only what the user changed: another writer's narrower source on an untouched port survives", async () => {
    const path = `${policyPath("rg-data-prod", "westeurope", "jit-data")}?api-version=2020-01-01`;
    await wb.contextMenu(wb.treeRow("db-01"), "Edit JIT Ports…");
    // The open quick pick lists port 5432 (matched on the widget: a row locator also matched a hidden row of an
    // earlier quick pick, first in the page, and waited on it).
    await wb.quickInput().filter({ hasText: "Edit JIT on db-01" }).filter({ hasText: "5432 · TCP" }).waitFor();

    // While the form is open, someone else narrows db-01:22 from the /24 to a /25 (a whole-policy PUT).
    const theirs = await emulator<ArmPolicy>(path);
    const db01 = theirs.properties.virtualMachines.find((vm) => vm.id.endsWith("/db-01"))!;
    for (const port of db01.ports.filter((p) => p.number === 22)) {
      delete port.allowedSourceAddressPrefixes;
      port.allowedSourceAddressPrefix = "198.51.100.0/25";
    }
    await emulator(path, "PUT", {
      kind: theirs.kind,
      properties: { virtualMachines: theirs.properties.virtualMachines },
    });

    // The user limits 5432 to the team's /24 and saves, from the keyboard (typing filters each list).
    await choose(wb, "Edit JIT on db-01", "5432");
    await choose(wb, "Edit JIT on db-01: port 5432", "Allowed sources");
    await wb.quickInput().filter({ hasText: "Allowed sources for port 5432" }).waitFor();
    await wb.quickInput().locator("input.input").fill("198.51.100.0/24");
    await wb.page.keyboard.press("Enter");
    await choose(wb, "Edit JIT on db-01: port 5432", "Done");
    await choose(wb, "Edit JIT on db-01", "Save");

    const saved = await waitFor(async () => {
      const policy = await emulator<ArmPolicy>(path);
      const vm = policy.properties.virtualMachines.find((v) => v.id.endsWith("/db-01"));
      const pg = vm?.ports.find((p) => p.number === 5432);
      return pg && sourcesOf(pg).includes("198.51.100.0/24") ? vm : undefined;
    }, "db-01:5432 limited to 198.51.100.0/24 in Azure");
    assert.deepEqual(sourcesOf(saved.ports.find((p) => p.number === 5432)!), ["198.51.100.0/24"]);
    assert.deepEqual(
      sourcesOf(saved.ports.find((p) => p.number === 22)!),
      ["198.51.100.0/25"],
      "the other writer's narrower source is kept",
    );
    assert.deepEqual(
      saved.ports.map((p) => p.number).sort((a, b) => a - b),
      [22, 5432],
    );
  });

  test("Disable JIT on the only VM of a policy says the policy and its history go, then deletes it", async () => {
    const path = `${policyPath("rg-web-prod", "northeurope", "default")}?api-version=2020-01-01`;
    await wb.expand(wb.treeRow("North Europe"));
    const nePolicy = wb.allTreeRows().filter({ hasText: "rg-web-prod" }).filter({ hasText: "1 VM" });
    await wb.expand(nePolicy);
    await wb.contextMenu(wb.treeRow("web-ne-01"), "Disable JIT…");

    const dialog = wb.page.locator(".monaco-dialog-box");
    await dialog.filter({ hasText: "Disable JIT on web-ne-01?" }).waitFor();
    const said = Workbench.text(await dialog.innerText());
    assert.match(said, /the policy is deleted, and its request history with it/);
    assert.match(said, /JIT stops guarding ports 22/);
    assert.ok(
      (await emulator<ArmPolicy>(path)).properties.virtualMachines.length === 1,
      "nothing is written before the confirmation",
    );
    await dialog.getByRole("button", { name: "Disable JIT" }).click();

    await waitFor(async () => {
      const list = await emulator<{ value: Array<{ id: string }> }>(
        `/subscriptions/${CONTOSO_PRODUCTION}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`,
      );
      return !list.value.some((p) => /\/locations\/northeurope\//i.test(p.id));
    }, "the North Europe policy deleted in Azure");
    await wb.waitForDescription(wb.treeRow("Not configured"), /^2 VMs without JIT$/);
  });

  test("Show JIT Request History on a policy opens its requests, this session's included, with a filter", async () => {
    const webProd = wb
      .allTreeRows()
      .filter({ hasText: "3 VMs" })
      .filter({ has: wb.page.locator(".label-name").getByText("default", { exact: true }) });
    await wb.contextMenu(webProd, "Show JIT Request History");
    await wb.page
      .locator(".tabs-container .tab", { hasText: /^JIT requests/ })
      .first()
      .waitFor();
    const history = wb.webview();
    const bob = history
      .locator("tr", { hasText: "bob@contoso.com" })
      .filter({ hasText: "Investigating incident INC-1042" });
    await bob.first().waitFor();
    assert.equal(
      await history.locator("tr", { hasText: "e2e: patch night" }).count(),
      2,
      "the form's request and its re-request",
    );

    await history.locator("#filter").fill("patch night");
    await bob.first().waitFor({ state: "detached" });
    assert.equal((await history.locator("tbody tr", { hasText: "e2e: patch night" }).count()) >= 2, true);
    assert.equal(
      await history.locator("tbody tr", { hasNotText: "patch night" }).count(),
      0,
      "the filter hides the other rows",
    );

    // Export CSV… writes the filtered rows where the save dialog (code-server's simple one) proposes.
    await history.getByRole("button", { name: "Export CSV…" }).click();
    const dialog = wb.quickInput().filter({ hasText: "Export JIT request history" });
    await dialog.waitFor();
    // The simple dialog shows the folder first, then fills in the proposed name.
    const input = dialog.locator("input.input");
    const proposed = await waitFor(async () => {
      const value = (await input.inputValue()).trim();
      return /\/jit-requests-[\w.-]+\.csv$/.test(value) ? value : undefined;
    }, "the proposed file name in the save dialog");
    assert.match(proposed, /jit-requests-policy-default-rg-web-prod-westeurope-\d{4}-\d{2}-\d{2}\.csv$/);
    await wb.page.keyboard.press("Enter");
    await wb
      .notification(/Exported \d+ requests to /)
      .first()
      .waitFor();
    const csv = readFileSync(proposed, "utf8");
    assert.ok(csv.startsWith("\uFEFF"), "a BOM so spreadsheets read UTF-8");
    const lines = csv
      .slice(1)
      .split("\r\n")
      .filter((l) => l !== "");
    assert.ok(lines.length >= 3, `a header and the filtered rows:\n${csv}`);
    assert.ok(
      lines.slice(1).every((l) => l.includes("e2e: patch night")),
      "only the rows the filter shows",
    );
  });

  // The last two move Azure's (the emulator's) clock forward: the extension learns it from the Date header of its
  // next call, as it would a skewed local clock, and counts down on Azure's time.
  test("when access ends, its notice offers Re-request; a port narrowed since asks which allowed prefix to use", async () => {
    const path = policyPath("rg-data-prod", "westeurope", "jit-data");
    await advanceEmulatorTo(latestEnd(await policyRequests(path), "/db-01", 5432) + 30_000);
    await wb.runCommand(commandTitle("azureJit.refresh")!);
    const ended = wb.notification("Access to db-01:5432 has ended");
    await ended.first().waitFor({ timeout: 90_000 });
    assert.equal(
      await ended.first().getByRole("button", { name: "Don't Show Again" }).count(),
      0,
      "the ended notice cannot be muted",
    );

    const before = (await initiateCalls()).length;
    await ended.first().getByRole("button", { name: "Re-request" }).click();
    // Edit JIT Ports limited 5432 to 198.51.100.0/24 after the last request (from the caller's IP): one click
    // cannot silently repeat a source Azure would refuse, so it asks.
    await wb.quickInput().filter({ hasText: "Request access to db-01:5432" }).waitFor();
    assert.match(
      (await wb.quickInput().locator("input.input").getAttribute("placeholder")) ?? "",
      /The policy changed since your last request: .*198\.51\.100\.0\/24/,
    );
    await wb.quickPickRow("198.51.100.0/24").first().click();
    await waitFor(async () => (await initiateCalls()).length === before + 1, "the renewed request");
    const renewed = (await policyRequests(path)).sort(
      (a, b) => Date.parse(b.startTimeUtc) - Date.parse(a.startTimeUtc),
    )[0]!;
    assert.deepEqual(
      renewed.virtualMachines[0]!.ports.map((p) => [p.number, p.allowedSourceAddressPrefix]),
      [[5432, "198.51.100.0/24"]],
    );
  });

  test("before the end the countdown warns once with Re-request, which renews the grant as it was asked", async () => {
    const path = policyPath("rg-web-prod", "westeurope", "default");
    await advanceEmulatorTo(latestEnd(await policyRequests(path), "/win-app-01", 3389) - 3 * 60_000);
    await wb.runCommand(commandTitle("azureJit.refresh")!);
    const warning = wb.notification(/Access to win-app-01:3389 ends in [2-4] min/);
    await warning.first().waitFor({ timeout: 90_000 });
    await warning.first().getByRole("button", { name: "Don't Show Again" }).waitFor();
    const item = wb.page.locator(`[id="${statusBarItemId("azureJit.countdown")}"]`);
    assert.match((await item.innerText()).trim(), /\d:\d\d/, "seconds are shown in the last minutes");

    const before = (await initiateCalls()).length;
    await warning.first().getByRole("button", { name: "Re-request" }).click();
    await waitFor(async () => (await initiateCalls()).length === before + 1, "the renewed request");
    const mine = (await policyRequests(path)).filter((r) => r.justification === "e2e: patch night");
    assert.equal(mine.length, 3, "the form's request, its re-request and this renewal");
    const latest = mine.sort((a, b) => Date.parse(b.startTimeUtc) - Date.parse(a.startTimeUtc))[0]!;
    const span = Date.parse(latest.virtualMachines[0]!.ports[0]!.endTimeUtc) - Date.parse(latest.startTimeUtc);
    assert.ok(Math.abs(span - 2 * 3600_000) < 60_000, `renewed for ${span} ms, not the 2 h first asked for`);
    await wb.waitForDescription(wb.treeRow("3389 · RDP"), /^open · (2 h|1 h 59 min) left$/);
  });

  test("when nothing is open any more, the status bar keeps the ended grant with Re-request and Dismiss", async () => {
    // Every request of this session's user still in force, in every subscription the emulator lets us read.
    const { now } = await emulator<{ now: string }>("/_emulator/clock");
    const ends: number[] = [];
    const subscriptions = await emulator<{ value: Array<{ subscriptionId: string }> }>(
      "/subscriptions?api-version=2022-12-01",
    );
    for (const { subscriptionId } of subscriptions.value) {
      const list = await emulator<{ value?: Array<{ properties: { requests?: ArmJitRequest[] } }> }>(
        `/subscriptions/${subscriptionId}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`,
      ).catch(() => ({ value: [] }));
      for (const policy of list.value ?? []) {
        for (const r of policy.properties.requests ?? []) {
          if (r.requestor !== "jit.user@contoso.com") continue;
          for (const vm of r.virtualMachines) for (const port of vm.ports) ends.push(Date.parse(port.endTimeUtc));
        }
      }
    }
    const last = Math.max(...ends.filter((e) => e > Date.parse(now)));
    assert.ok(Number.isFinite(last), "this session's user has access open before the clock moves");
    await advanceEmulatorTo(last + 60_000);
    await wb.runCommand(commandTitle("azureJit.refresh")!);

    const item = wb.page.locator(`[id="${statusBarItemId("azureJit.countdown")}"]`);
    await waitFor(
      async () => /· ended — Re-request/.test(await item.innerText().catch(() => "")),
      "the ended grant in the status bar",
      90_000,
    );
    await item.click();
    const ended = wb.quickInput().filter({ hasText: "Ended Azure JIT Access" });
    if (await ended.count()) await wb.quickInput().locator(".quick-input-list .monaco-list-row").first().click();
    await wb.quickPickRow("Re-request").first().waitFor();
    assert.equal(await wb.quickPickRow("Dismiss").count(), 1, "an ended grant can be dismissed from the same menu");
    await wb.page.keyboard.press("Escape");
  });

  test("Select Subscriptions: unticking one hides it; ticking all again shows every one and is remembered as all", async () => {
    const settingsPath = join(env("AZURE_JIT_E2E_WORK"), "user-data", "User", "settings.json");
    const selected = () =>
      (JSON.parse(readFileSync(settingsPath, "utf8")) as Record<string, unknown>)["azureJit.selectedSubscriptions"];
    const pick = async () => {
      await wb.runCommand(commandTitle("azureJit.selectSubscriptions")!);
      await wb.quickInput().filter({ hasText: "Subscriptions shown in Azure JIT Access" }).waitFor();
      await wb.quickPickRow("Contoso Sandbox").first().click();
      await wb.quickInput().getByRole("button", { name: "OK" }).click();
    };

    await pick();
    await wb.treeRow("Contoso Sandbox").first().waitFor({ state: "detached" });
    await wb.treeRow("Contoso Production").first().waitFor();
    await wb.treeRow("Fabrikam Engineering").first().waitFor();
    const two = selected();
    assert.ok(
      Array.isArray(two) && two.length === 2 && !two.some((e) => String(e).includes("00000000000b")),
      `kept: ${JSON.stringify(two)}`,
    );

    await pick();
    await wb.treeRow("Contoso Sandbox").first().waitFor();
    assert.deepEqual(
      selected(),
      ["*"],
      "all ticked is stored as all, not as 'no selection' (which would follow Azure Resources)",
    );
  });

  // Issue 11: text from Azure and from other people in the tenant is shown literally on every surface.
  test("an Azure 400 whose message holds a command link shows it as text in the error notification, and clicking it runs nothing", async () => {
    const hostile = "Denied by the tenant's policy. [open settings](command:workbench.action.openSettings)";
    const fault = await emulator<{ id: string }>("/_emulator/faults", "POST", {
      path: "/initiate",
      method: "POST",
      status: 400,
      code: "BadRequest",
      message: hostile,
      count: 1,
    });
    try {
      const winrm = wb
        .treeRow("5985 · WinRM")
        .filter({ has: wb.page.locator(".label-description", { hasText: /^closed$/ }) });
      await winrm.first().waitFor();
      await wb.contextMenu(winrm, "Quick Request Access");
      const notice = wb.notification(/Could not request access to win-app-01:5985/).first();
      await notice.waitFor();
      const message = notice.locator(".notification-list-item-message");
      assert.match(
        Workbench.text(await message.innerText()),
        /\[open settings\] \(command:workbench\.action\.openSettings\)/,
      );
      assert.equal(await message.locator("a").count(), 0, "no link is rendered in the message");
      await message.click();
      // A link would have opened the Settings editor at once; wait a little for one that is not there.
      await wb.page.waitForTimeout(1500);
      assert.equal(
        await wb.page.locator(".tabs-container .tab", { hasText: /^Settings$/ }).count(),
        0,
        "no settings editor was opened",
      );
    } finally {
      await emulator("/_emulator/faults", "DELETE").catch(() => undefined);
      void fault;
    }
  });

  test("a requestor with U+202E and a 1,000-character justification: the history shows the control visibly and keeps its date columns on one line", async () => {
    const path = policyPath("rg-web-prod", "westeurope", "default");
    const spoof = "mallory\u202Emoc.elpmaxe.dniwhtron@ecila";
    const long = `Maintenance window ${"x".repeat(981)}`;
    assert.equal(long.length, 1000);
    await initiateAs(spoof, path, vmPath("rg-web-prod", "web-01"), 22, "198.51.100.66", "PT1H", long);
    // A fresh history panel (the earlier test left one open) reads the policy as it is now.
    while ((await wb.page.locator(".tabs-container .tab", { hasText: /^JIT requests/ }).count()) > 0)
      await wb.closeEditor("JIT requests");
    const webProd = wb
      .allTreeRows()
      .filter({ hasText: "3 VMs" })
      .filter({ has: wb.page.locator(".label-name").getByText("default", { exact: true }) });
    await wb.contextMenu(webProd, "Show JIT Request History");
    const history = wb.webview();
    const row = history.locator("tbody tr", { hasText: "<U+202E>" });
    await row.first().waitFor();
    assert.ok(
      (await row.first().innerText()).includes("mallory<U+202E>moc.elpmaxe.dniwhtron@ecila"),
      "the control is shown, not obeyed",
    );
    // Every date cell of every row stays on one line next to the long justification.
    const dates = await history.locator("tbody tr").evaluateAll((rows) =>
      rows.flatMap((tr) =>
        [...tr.querySelectorAll("td")]
          .filter((td) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(td.textContent ?? ""))
          .map((td) => {
            const box = td.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(td).lineHeight) || 20;
            const range = document.createRange();
            range.selectNodeContents(td);
            return {
              text: td.textContent ?? "",
              width: box.width,
              textHeight: range.getBoundingClientRect().height,
              line,
            };
          }),
      ),
    );
    assert.ok(dates.length >= 2, `date cells: ${JSON.stringify(dates)}`);
    for (const d of dates)
      assert.ok(
        d.textHeight <= d.line * 1.5,
        `"${d.text}" wraps: ${d.textHeight}px of text at ${d.line}px a line, ${d.width}px wide`,
      );
    const widths = dates.map((d) => d.width);
    console.log(
      `# date column widths with a 1,000-character justification: ${Math.min(...widths).toFixed(1)}–${Math.max(...widths).toFixed(1)} px`,
    );
    await wb.screenshot("history-long-justification");
    await wb.closeEditor("JIT requests");
  });

  test("a request of mine replaced by a newer one (supersede mode) reads 'replaced by a newer request'", async () => {
    const path = policyPath("rg-web-prod", "westeurope", "default");
    // A request of mine in force first (the status bar test before moved the clock past all of them).
    const https = wb.treeRow("5986 · WinRM (HTTPS)");
    const before = (await initiateCalls()).length;
    await wb.contextMenu(
      https.filter({ has: wb.page.locator(".label-description", { hasText: /^closed$/ }) }),
      "Quick Request Access",
    );
    await answerQuickRequestPick(wb, "win-app-01:5986");
    await waitFor(async () => (await initiateCalls()).length === before + 1, "my quick request");
    await wb.waitForDescription(https, /^open · /);
    await emulator("/_emulator/supersede", "POST", { enabled: true });
    try {
      // Someone else's request for win-app-01:5986 replaces mine (still in force); theirs lasts five minutes.
      await initiateAs("dave@contoso.com", path, vmPath("rg-web-prod", "win-app-01"), 5986, "192.0.2.77", "PT5M");
      const { now } = await emulator<{ now: string }>("/_emulator/clock");
      await advanceEmulatorTo(Date.parse(now) + 6 * 60_000);
      await wb.runCommand(commandTitle("azureJit.refresh")!);
      const replaced = await wb.waitForDescription(https, /^replaced by a newer request$/);
      assert.equal(replaced, "replaced by a newer request");
    } finally {
      await emulator("/_emulator/supersede", "POST", { enabled: false });
    }
  });

  test("keep open from the countdown: two windows pass on the emulator's clock, the countdown never shows 'ended', exactly the renewals reach Azure, turning it off stops them", async () => {
    const path = policyPath("rg-web-prod", "westeurope", "default");
    const https = wb.treeRow("5986 · WinRM (HTTPS)");
    const item = wb.page.locator(`[id="${statusBarItemId("azureJit.countdown")}"]`);
    const seen: string[] = [];
    const sample = async (): Promise<void> => void seen.push((await item.innerText().catch(() => "")).trim());
    const start = (await initiateCalls()).length;
    await wb.contextMenu(https, "Quick Request Access");
    await answerQuickRequestPick(wb, "win-app-01:5986");
    await waitFor(async () => (await initiateCalls()).length === start + 1, "the quick request");
    await wb.waitForDescription(https, /^open · /);

    // The countdown's menu: the grant, then Keep Open.
    const openMenu = async (): Promise<void> => {
      await item.click();
      const list = wb.quickInput().filter({ hasText: "Open Azure JIT Access" });
      if (
        await list.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        await choose(wb, "Open Azure JIT Access", "win-app-01:5986");
    };
    await openMenu();
    await wb.quickPickRow("Keep Open").first().click();
    await wb
      .notification(/Keeping win-app-01:5986 open until/)
      .first()
      .waitFor({ timeout: 30_000 });

    for (let window = 1; window <= 2; window++) {
      const before = (await initiateCalls()).length;
      // Two minutes before the end: inside the renewal lead (3 minutes), so the renewal is due now.
      await advanceEmulatorTo(latestEnd(await policyRequests(path), "/win-app-01", 5986) - 2 * 60_000);
      await wb.runCommand(commandTitle("azureJit.refresh")!);
      await waitFor(
        async () => {
          await sample();
          return (await initiateCalls()).length === before + 1;
        },
        `renewal ${window}`,
        90_000,
      );
      await wb.waitForDescription(https, /^open · /);
      await sample();
      assert.equal((await initiateCalls()).length, before + 1, "one request for one renewal");
    }
    assert.ok(
      seen.every((text) => !/ended/.test(text)),
      `the countdown never showed 'ended': ${[...new Set(seen)].join(" | ")}`,
    );
    assert.ok(
      seen.some((text) => text.startsWith("$(sync)") || /win-app-01/.test(text)),
      "the countdown showed the kept-open grant",
    );

    // Turned off from the same menu: the next window's end passes with no request.
    await openMenu();
    await wb.quickPickRow("Stop Keeping Open").first().click();
    const before = (await initiateCalls()).length;
    await advanceEmulatorTo(latestEnd(await policyRequests(path), "/win-app-01", 5986) - 2 * 60_000);
    await wb.runCommand(commandTitle("azureJit.refresh")!);
    await wb.page.waitForTimeout(5000);
    assert.equal((await initiateCalls()).length, before, "no renewal after Stop Keeping Open");
  });
});

/** Polls an emulator-side condition (what reached "Azure" lags the UI by a request or two). */
async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface ArmPolicyPort {
  number: number;
  protocol: string;
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  maxRequestAccessDuration: string;
}
interface ArmPolicy {
  kind?: string;
  properties: { virtualMachines: Array<{ id: string; ports: ArmPolicyPort[] }> };
}

function sourcesOf(port: ArmPolicyPort): string[] {
  return (
    port.allowedSourceAddressPrefixes ??
    (port.allowedSourceAddressPrefix === undefined ? [] : [port.allowedSourceAddressPrefix])
  );
}

/**
 * Picks an item of the quick pick titled `title` by typing its text and pressing Enter: clicks can land on a row
 * that moved while the list re-rendered (a quick pick reopened with other items).
 */
/**
 * When a context menu's command reaches VS Code without its row (a hover over the row can take the click), Quick
 * Request Access asks which port instead: answer it, the request is the same. Only a shown pick counts: the widget
 * of an earlier pick stays in the page, hidden, with its rows.
 */
async function answerQuickRequestPick(wb: Workbench, label: string): Promise<void> {
  const picker = wb.quickInput().filter({ visible: true }).filter({ hasText: "Quick Request Access" });
  const asked = await picker.waitFor({ timeout: 3000 }).then(
    () => true,
    () => false,
  );
  if (asked) await picker.locator(".quick-input-list .monaco-list-row", { hasText: label }).first().click();
}

async function choose(wb: Workbench, title: string, item: string): Promise<void> {
  await wb
    .quickInput()
    .locator(".quick-input-title", { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) })
    .waitFor();
  await wb.quickInput().locator("input.input").fill(item);
  await wb.quickPickRow(item).first().waitFor();
  await wb.page.keyboard.press("Enter");
}

/** The latest end time Azure lists for a VM's port (ms). */
function latestEnd(requests: ArmJitRequest[], vmSuffix: string, port: number): number {
  const ends = requests
    .flatMap((r) => r.virtualMachines.filter((vm) => vm.id.endsWith(vmSuffix)).flatMap((vm) => vm.ports))
    .filter((p) => p.number === port)
    .map((p) => Date.parse(p.endTimeUtc));
  assert.ok(ends.length > 0, `no request for ${vmSuffix}:${port}`);
  return Math.max(...ends);
}

/** Moves the emulator's virtual clock forward to `ms` (never back). */
async function advanceEmulatorTo(ms: number): Promise<void> {
  const { now } = await emulator<{ now: string }>("/_emulator/clock");
  const seconds = Math.ceil((ms - Date.parse(now)) / 1000);
  assert.ok(seconds > 0, `the emulator is already past ${new Date(ms).toISOString()}`);
  await emulator("/_emulator/clock", "POST", { advanceSeconds: seconds });
}

/** The Remote - SSH windows opened so far (test/support/remoteWindows.ts, and the stand-in's empty ones), oldest first. */
function remoteSshOpens(): RemoteSshOpen[] {
  return readRemoteSshOpens(env("AZURE_JIT_E2E_RECORDS"));
}

/** Hosts Remote - SSH was asked to open, oldest first. */
function remoteSshHosts(): string[] {
  return remoteSshOpens().map((o) => o.args?.host ?? "");
}

/** The first window opened on `host` after the first `after` records. */
function remoteWindowOpened(host: string, after: number): Promise<RemoteSshOpen> {
  return waitFor(
    async () =>
      remoteSshOpens()
        .slice(after)
        .find((o) => o.args?.host === host),
    `Remote - SSH to open ${host}`,
    60_000,
  );
}

/** The directives of one managed Host block in the work folder's ~/.ssh/config (HOME points there). */
function sshConfigHost(alias: string): Record<string, string> {
  const text = readFileSync(join(env("AZURE_JIT_E2E_HOME"), ".ssh", "config"), "utf8");
  const block = text.split(`# >>> azure-jit-access ${alias} >>>`)[1]?.split(`# <<< azure-jit-access ${alias} <<<`)[0];
  assert.ok(block, `no managed block for ${alias} in:\n${text}`);
  assert.match(block, new RegExp(`^Host ${alias}$`, "m"));
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/^ {2}(\w+) (.+)$/gm)) out[m[1]] = m[2];
  return out;
}

/** A picture of a few elements with some of the workbench around them (the README's countdown picture). */
async function screenshotAround(wb: Workbench, name: string, parts: Locator[]): Promise<void> {
  const boxes = (await Promise.all(parts.map((p) => p.boundingBox()))).filter((b) => b !== null);
  const pad = 24;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + pad;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  await wb.screenshot(name, { publish: true, area: { x, y, width: right - x, height: bottom - y } });
}
