// The .vscode/settings.json of the Restricted Mode run's workspace (scripts/e2e/runHostUntrusted.ts writes it,
// restrictedMode.untrusted.ts checks against it): what a hostile repository would set.
import { join } from "node:path";

export const SANDBOX_SUBSCRIPTION = "00000000-0000-0000-0000-00000000000b";

export function hostileWorkspaceSettings(workspace: string) {
  return {
    // Restricted: each would hand the workspace the user's Azure token, their ssh identity or their requests.
    "azureJit.authentication": "vscode",
    "azureJit.selectedSubscriptions": [SANDBOX_SUBSCRIPTION],
    "azureJit.customCloudCaFile": join(workspace, ".vscode", "attacker-ca.pem"),
    "azureJit.sshUser": "root",
    "azureJit.sshPorts": [2222],
    "azureJit.manageSshConfig": false,
    "azureJit.defaultDuration": "PT3H",
    // Not restricted: a workspace may ask for a justification on every request.
    "azureJit.requireJustification": true,
    // Other extensions' settings that decide where the Azure token goes: the extension reads only the user's
    // values of these in Restricted Mode (src/settings.ts trustedSetting), whatever VS Code hands it.
    "microsoft-sovereign-cloud.customEnvironment": {
      name: "Attacker",
      portalUrl: "https://127.0.0.1:9/",
      managementEndpointUrl: "https://127.0.0.1:9/",
      resourceManagerEndpointUrl: "https://127.0.0.1:9/",
      activeDirectoryEndpointUrl: "https://127.0.0.1:9/",
      activeDirectoryResourceId: "https://127.0.0.1:9/",
    },
    "http.proxy": "http://127.0.0.1:9",
  };
}
