// The user settings of a fresh code-server profile: quiet and offline-friendly, and pointed at the emulator as a
// custom cloud with Azure CLI authentication (the stand-in `az` answers with a token the emulator accepts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkDir } from "./workDir";

export function emulatorSettings(emulatorUrl: string, caPath: string): Record<string, unknown> {
  const base = emulatorUrl.replace(/\/+$/, "");
  return {
    "microsoft-sovereign-cloud.environment": "custom",
    "microsoft-sovereign-cloud.customEnvironment": {
      name: "JitEmulator",
      portalUrl: base,
      // VS Code's Microsoft Account provider refuses a custom environment without managementEndpointUrl.
      managementEndpointUrl: `${base}/`,
      resourceManagerEndpointUrl: `${base}/`,
      activeDirectoryEndpointUrl: `${base}/`,
      activeDirectoryResourceId: `${base}/`,
    },
    "azureJit.authentication": "azureCli",
    "azureJit.customCloudCaFile": caPath,
  };
}

const QUIET: Record<string, unknown> = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "window.restoreWindows": "none",
  // The extension is a "ui" extension (sign-in, ssh config and .rdp files belong on the user's machine). In
  // code-server the user's side is the browser, where a Node extension cannot run, so run it in code-server's
  // Node extension host, which is on the same machine here.
  "remote.extensionKind": {
    "azure-jit-access.azure-jit-access": ["workspace"],
    "ms-vscode-remote.remote-ssh": ["workspace"],
  },
};

export function writeProfile(w: WorkDir, settings: Record<string, unknown>): void {
  const user = join(w.userData, "User");
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, "settings.json"), JSON.stringify({ ...QUIET, ...settings }, null, 2) + "\n");
  writeFileSync(join(w.root, "config.yaml"), "auth: none\ncert: false\n");
}
