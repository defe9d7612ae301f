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

  test("the activity bar shows the Azure JIT view", { skip: noTree }, async () => {
    const tab = wb.activityTab(containerTitle!);
    await tab.click();
    await wb.sidebar().locator(".pane-header", { hasText: /./ }).first().waitFor();
    assert.equal(await tab.getAttribute("aria-selected"), "true");
  });
});
