// The in-host suite's Restricted Mode run: code-server with workspace trust on and its start-up prompt off, so the
// work folder's workspace (never trusted before) opens untrusted, and that workspace's .vscode/settings.json sets
// every restricted azureJit.* setting to what a hostile repository would. test/e2e/host/*.untrusted.ts then check
// that the extension runs in Restricted Mode with the user's values. One more code-server start, nothing else.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCertificates } from "../../emulator/certificates";
import { hostileWorkspaceSettings } from "../../test/e2e/host/hostileWorkspace";
import { runAsScript, runHostSuite } from "./runHost";

export function runHostUntrustedSuite(): Promise<{ passed: number; failed: number }> {
  return runHostSuite({
    name: "host-untrusted",
    entry: "untrusted.js",
    stack: {
      workspaceTrust: true,
      settings: {
        "security.workspace.trust.enabled": true,
        // No "Do you trust the authors" dialog at start: the folder stays in Restricted Mode, as after "No".
        "security.workspace.trust.startupPrompt": "never",
        "security.workspace.trust.banner": "never",
      },
    },
    prepare({ work }) {
      const dir = join(work.workspace, ".vscode");
      mkdirSync(dir, { recursive: true });
      const settings = hostileWorkspaceSettings(work.workspace);
      writeFileSync(join(dir, "settings.json"), JSON.stringify(settings, null, 2));
      // A real CA of the attacker's, not the emulator's: were the workspace's value used, TLS to Azure would fail
      // (the file replaces the trusted roots for a custom cloud), and a proxy holding its key could read the token.
      const attacker = join(work.root, "attacker-ca");
      mkdirSync(attacker);
      copyFileSync(makeCertificates(attacker).caPath, settings["azureJit.customCloudCaFile"]);
    },
  });
}

if (require.main === module) runAsScript("host-untrusted", runHostUntrustedSuite);
