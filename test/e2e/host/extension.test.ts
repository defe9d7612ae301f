// The extension inside a real VS Code extension host: activation, contributed commands, settings as the e2e
// profile wrote them, and the emulator reachable with its CA trusted (what every Azure call depends on).
import * as assert from "node:assert/strict";
import { request } from "node:https";
import Mocha, { suite, test, suiteSetup } from "mocha";
import * as vscode from "vscode";

const EXTENSION_ID = "azure-jit-access.azure-jit-access";

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

suite("Extension in the real extension host", () => {
  suiteSetup(async () => {
    await extension().activate();
  });

  test("activates (the host is Node, with the vscode API)", () => {
    const ext = extension();
    assert.equal(ext.isActive, true);
    assert.match(process.version, /^v\d+\./);
    info(`vscode ${vscode.version}, node ${process.version}, appName=${vscode.env.appName}, remoteName=${vscode.env.remoteName ?? "-"}`);
  });

  test("registers every command the manifest contributes", async () => {
    const contributed: Array<{ command: string }> = extension().packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.some((c) => c.command === "azureJit.showOutput"), "manifest lacks azureJit.showOutput");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    // A contributed command nobody registers fails with "command not found" when a person picks it.
    assert.ok(missing.length === 0, `contributed but not registered: ${missing.join(", ")}`);
  });

  test("azureJit.showOutput runs", async () => {
    await vscode.commands.executeCommand("azureJit.showOutput");
  });

  test("reads the settings the e2e profile wrote (Azure CLI auth, custom cloud)", () => {
    assert.equal(vscode.workspace.getConfiguration("azureJit").get("authentication"), "azureCli");
    const cloud = vscode.workspace.getConfiguration("microsoft-sovereign-cloud");
    assert.equal(cloud.get("environment"), "custom");
    const env = cloud.get<{ resourceManagerEndpointUrl?: string }>("customEnvironment");
    assert.equal(env?.resourceManagerEndpointUrl, `${emulatorUrl()}/`);
  });

  test("the Azure JIT view opens and azureJit.refresh runs", async function () {
    const views = extension().packageJSON.contributes?.views?.azureJit as Array<{ id: string }> | undefined;
    if (!views?.some((v) => v.id === "azureJit.policies")) this.skip();
    await vscode.commands.executeCommand("workbench.view.extension.azureJit");
    await vscode.commands.executeCommand("azureJit.refresh");
  });

  test("the extension host finds the stand-in `az` first on PATH", () => {
    const dirs = (process.env.PATH ?? "").split(":");
    const az = dirs.findIndex((d) => d.endsWith("/test/fixtures/fake-az"));
    assert.ok(az >= 0, `the fake az folder is not on the extension host's PATH: ${process.env.PATH}`);
  });

  test("reaches the emulator over HTTPS with its CA trusted", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${emulatorUrl()}/subscriptions?api-version=2022-12-01`, { method: "GET" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    // Any HTTP answer proves TLS verified the emulator's certificate; without a token ARM says 401.
    assert.ok(status >= 200 && status < 500, `unexpected status ${status}`);
  });
});

/** A line in the reporter's output (which the code-server runner prints). */
function info(text: string): void {
  (Mocha.reporters.Base as unknown as { consoleLog: (s: string) => void }).consoleLog(`      [info] ${text}`);
}

function emulatorUrl(): string {
  const url = process.env.AZURE_JIT_E2E_EMULATOR_URL;
  assert.ok(url, "AZURE_JIT_E2E_EMULATOR_URL is not set (the runner starts the emulator and sets it)");
  return url.replace(/\/+$/, "");
}

// Parts wired into activate() after this suite was written; the coordinator fills these in as they land.
suite("Later parts in the real extension host", () => {
  test.skip("azureJit.requestAccess on a port opens the request form (a webview tab) — request form not wired in activate() yet", () => {});
  test.skip("the status bar item shows the open window's countdown — status bar not wired in activate() yet", () => {});
  test.skip("azureJit.connect asks the Remote-SSH stand-in to open azure-jit-<vm> — connect not wired in activate() yet", () => {});
});

