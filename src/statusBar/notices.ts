// Shows the notices the grant tracker finds due (it decides when; this only draws them and acts on the answer).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { GrantNotice, Services } from "../services";

const WARNING_NOTIFICATION_SETTING = "azureJit.expiryWarningNotification";

export function registerNotices(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    services.grants.onNotice((notice) => showNotice(notice)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("azureJit.expiryWarningMinutes") || e.affectsConfiguration(WARNING_NOTIFICATION_SETTING)) void services.grants.tick();
    }),
  );
}

function showNotice({ notice, refs }: GrantNotice): void {
  const reRequest = vscode.l10n.t("Re-request");
  const mute = vscode.l10n.t("Don't Show Again");
  // The ended notice has no mute: it is the one-click way to renew, and muting it would hide that for good.
  const shown =
    notice.kind === "warning" ? vscode.window.showWarningMessage(notice.message, reRequest, mute) : vscode.window.showInformationMessage(notice.message, reRequest);
  void Promise.resolve(shown).then(async (picked) => {
    if (picked === reRequest) {
      for (const ref of refs) await vscode.commands.executeCommand(COMMAND.reRequest, ref);
    } else if (picked === mute) {
      await turnOffWarnings();
    }
  });
}

/** Turned off in the user's settings, where it shows and can be turned back on: never a hidden flag. */
async function turnOffWarnings(): Promise<void> {
  await vscode.workspace.getConfiguration("azureJit").update("expiryWarningNotification", false, vscode.ConfigurationTarget.Global);
  const open = vscode.l10n.t("Open Setting");
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t("Expiry warnings are off. To get them again, turn on the setting Azure JIT Access › Expiry Warning Notification ({0}).", WARNING_NOTIFICATION_SETTING),
    open,
  );
  if (picked === open) await vscode.commands.executeCommand("workbench.action.openSettings", WARNING_NOTIFICATION_SETTING);
}
