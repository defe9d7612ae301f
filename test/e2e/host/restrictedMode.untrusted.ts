// Restricted Mode in the real extension host (issue 14): code-server opened a workspace it does not trust, whose
// .vscode/settings.json sets the restricted settings to hostile values (hostileWorkspace.ts). The extension runs,
// and where the user would see it, it uses their own settings: the tree lists their subscriptions over Azure CLI
// with their CA, a request lasts their default, Connect writes the Host block with their user and port. A setting
// the manifest does not restrict (azureJit.requireJustification) still takes the workspace's value.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import type { Policy } from "../../../src/core/types";
import type { TestApi } from "../../../src/extension";
import { extension, info, initiates, itemLabel, treeItems, until } from "./helpers";
import { hostileWorkspaceSettings } from "./hostileWorkspace";

suite("Restricted Mode (untrusted workspace) in the real extension host", () => {
  let api: TestApi;
  let workspace: string;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, "the runner opens the work folder's workspace");
    workspace = folder.uri.fsPath;
    const exported = (await extension().activate()) as TestApi | undefined;
    assert.ok(exported?.tree, "activate() returned no test API (it does so only in ExtensionMode.Test)");
    api = exported;
  });

  const webProd = (): Policy => {
    const found = api.policies
      .all()
      .find((p) => p.name === "default" && p.resourceGroup === "rg-web-prod" && p.location === "westeurope");
    assert.ok(
      found,
      `rg-web-prod's policy is not loaded: ${api.policies
        .all()
        .map((p) => p.id)
        .join(", ")}`,
    );
    return found;
  };
  const web01 = (policy: Policy): string => {
    const vm = policy.virtualMachines.find((v) => v.id.toLowerCase().endsWith("/virtualmachines/web-01"));
    assert.ok(vm, "web-01 is not in rg-web-prod's policy");
    return vm.id;
  };

  test("the workspace is untrusted, VS Code read its settings, and the extension is active (Restricted Mode)", () => {
    assert.equal(vscode.workspace.isTrusted, false, "code-server trusted the workspace: this run tests nothing");
    assert.equal(extension().isActive, true);
    const declared = extension().packageJSON.capabilities?.untrustedWorkspaces as
      { supported?: unknown; restrictedConfigurations?: string[] } | undefined;
    assert.equal(declared?.supported, "limited");
    const config = vscode.workspace.getConfiguration();
    const restricted = new Set(declared?.restrictedConfigurations ?? []);
    for (const [key, value] of Object.entries(hostileWorkspaceSettings(workspace))) {
      const seen = config.inspect(key);
      info(
        `${key}: workspace file ${JSON.stringify(value)}; VS Code's inspect() workspace value ${JSON.stringify(seen?.workspaceValue)}, get() ${JSON.stringify(config.get(key))}`,
      );
      if (key === "azureJit.requireJustification") {
        // Not restricted: the workspace's file was read and its value is in force.
        assert.equal(restricted.has(key), false);
        assert.equal(seen?.workspaceValue, true, `${key}: VS Code did not read the workspace's settings file`);
        assert.equal(config.get(key), true);
      } else if (!key.startsWith("azureJit.")) {
        // Not ours to restrict: whatever VS Code hands over, the tree below shows the user's cloud and no proxy.
        continue;
      } else {
        // Restricted by the manifest: VS Code 1.139 hands the extension host no workspace value at all (seen here).
        assert.ok(restricted.has(key), `${key} is not in capabilities.untrustedWorkspaces.restrictedConfigurations`);
        assert.notDeepEqual(config.get(key), value, `${key}: the workspace's value is in force`);
      }
    }
  });

  test("the tree lists the user's subscriptions: the workspace's authentication, selection, CA file, cloud and proxy are ignored", async () => {
    // Were they used: VS Code sign-in instead of the user's Azure CLI (a "Sign in" item), only Contoso Sandbox,
    // TLS against the attacker's CA, or Azure calls to the workspace's endpoint or proxy (error items).
    await vscode.commands.executeCommand("workbench.view.extension.azureJit");
    const roots = (await treeItems(api.tree)).map(({ item }) => itemLabel(item));
    assert.deepEqual(roots, ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"]);
    const production = (await treeItems(api.tree)).find(({ item }) => itemLabel(item) === "Contoso Production");
    assert.ok(production);
    const locations = (await treeItems(api.tree, production.node)).map(({ item }) => itemLabel(item));
    assert.ok(locations.includes("West Europe"), `Contoso Production shows ${locations.join(", ")}`);
  });

  test("a request takes the workspace's requireJustification (not restricted) but the user's defaultDuration", async () => {
    await api.policies.ensureLoaded();
    const before = await initiates();
    const bare = { targets: [{ vm: "web-01", ports: [22] }] };
    const refused = await api.agentTools.requestAccess.invoke({ input: bare, toolInvocationToken: undefined });
    const refusedText = refused.content
      .map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : ""))
      .join("\n");
    assert.match(refusedText, /^Nothing was requested\./);
    assert.match(refusedText, /justification/i);
    assert.equal(await initiates(), before, "nothing reached Azure");

    const input = { ...bare, justification: "Restricted Mode e2e" };
    const prepared = await api.agentTools.requestAccess.prepareInvocation({ input });
    const message = prepared.confirmationMessages?.message;
    const text = (typeof message === "string" ? message : (message?.value ?? ""))
      .replace(/&nbsp;/g, " ")
      .replace(/\\/g, "");
    // The user's default (1 h), not the workspace's PT3H (web-01's maximum is 3 h, so 3 h would show).
    assert.match(text, /Open port 22 of web-01 .* for 1 h \(until about/);
    const answer = await api.agentTools.requestAccess.invoke({ input, toolInvocationToken: undefined });
    const answerText = answer.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : "")).join("\n");
    assert.match(answerText, /^Requested port 22 of web-01: Azure accepted it/m);
    assert.equal(await initiates(), before + 1, "exactly one initiate");
  });

  test("Connect writes the Host block with the user's ssh user, port and config management, not the workspace's", async () => {
    // web-01:22 is open for this user since the request above. With the workspace's values Connect would treat 22
    // as not SSH (sshPorts [2222]), write no block (manageSshConfig false) or log in as root (sshUser).
    const policy = webProd();
    const node = { kind: "port", policy, vmId: web01(policy), portNumber: 22 };
    // Not awaited: after the block Connect hands over to Remote - SSH; where its stand-in is not enabled (it declares
    // no Restricted Mode support), Connect waits on a "not installed" notification instead.
    info(
      `Remote - SSH stand-in enabled here: ${vscode.extensions.getExtension("ms-vscode-remote.remote-ssh") !== undefined}`,
    );
    void vscode.commands.executeCommand("azureJit.connect", node);
    const path = join(homedir(), ".ssh", "config");
    const block = await until(() => {
      try {
        return readFileSync(path, "utf8")
          .split("# >>> azure-jit-access azure-jit-web-01 >>>")[1]
          ?.split("# <<< azure-jit-access azure-jit-web-01 <<<")[0];
      } catch {
        return undefined;
      }
    }, `the managed Host block in ${path}`);
    assert.match(block, /^Host azure-jit-web-01\n {2}HostName 127\.61\.10\.4\n {2}User azureuser\n {2}Port 22\n$/m);
    assert.doesNotMatch(block, /root|2222/);
  });
});
