// The connected window knows its grant: in a Remote - SSH window Connect opened for `azure-jit-<vm>`, the countdown
// shows that VM's grants, and keep-open is offered there (azureJit.keepOpenInConnectedWindows: off | ask | on).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { aliasIsVm, connectedAliasOfUris } from "../core/connectedWindow";
import { grantKey } from "../core/grantRecords";
import { plainText } from "../core/inertText";
import type { Services } from "../services";
import { jitSettings } from "../settings";

export function windowAlias(): string | undefined {
  return connectedAliasOfUris(
    vscode.env.remoteName,
    (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()),
  );
}

/** Offers keep-open once per grant in the connected window (or turns it on, with azureJit.keepOpenInConnectedWindows = on). */
export function registerConnectedWindow(services: Services): vscode.Disposable {
  const alias = windowAlias();
  if (!alias) return { dispose: () => {} };
  const offered = new Set<string>();
  const offer = (): void => {
    const mode = jitSettings().keepOpenInConnectedWindows;
    if (mode === "off") return;
    const now = services.serverNow();
    for (const g of services.grants.grants()) {
      if (!aliasIsVm(alias, g.vmName) || g.opening || g.endTimeUtc <= now) continue;
      const key = grantKey(g.policyId, g.vmId, g.port);
      if (offered.has(key) || services.grants.keepOpenOf(g.policyId, g.vmId, g.port)) continue;
      offered.add(key);
      const ref = { policyId: g.policyId, vmId: g.vmId, portNumber: g.port };
      if (mode === "on") {
        void vscode.commands.executeCommand(COMMAND.keepOpen, ref);
        continue;
      }
      const keep = vscode.l10n.t("Keep Open");
      void Promise.resolve(
        vscode.window.showInformationMessage(
          vscode.l10n.t("Keep access to {0}:{1} open while you work in this window?", plainText(g.vmName), g.port),
          keep,
        ),
      ).then((picked) => (picked === keep ? vscode.commands.executeCommand(COMMAND.keepOpen, ref) : undefined));
    }
  };
  offer();
  return services.grants.onDidChange(offer);
}
