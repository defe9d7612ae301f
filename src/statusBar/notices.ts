// Shows the notices the grant tracker finds due (it decides when; this only draws them and acts on the answer).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { plainText } from "../core/inertText";
import type { GrantNotice, KeepOpenStopped, Services } from "../services";

const WARNING_NOTIFICATION_SETTING = "azureJit.expiryWarningNotification";

export function registerNotices(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    services.grants.onNotice((notice) => showNotice(notice)),
    services.grants.onKeepOpenStopped((stopped) => showKeepOpenStopped(services, stopped)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration("azureJit.expiryWarningMinutes") ||
        e.affectsConfiguration(WARNING_NOTIFICATION_SETTING)
      )
        void services.grants.tick();
    }),
  );
}

function showNotice({ notice, refs }: GrantNotice): void {
  const reRequest = vscode.l10n.t("Re-request");
  const mute = vscode.l10n.t("Don't Show Again");
  // The ended notice has no mute: it is the one-click way to renew, and muting it would hide that for good.
  const shown =
    notice.kind === "warning"
      ? vscode.window.showWarningMessage(notice.message, reRequest, mute)
      : vscode.window.showInformationMessage(notice.message, reRequest);
  void Promise.resolve(shown).then(async (picked) => {
    if (picked === reRequest) {
      for (const ref of refs) await vscode.commands.executeCommand(COMMAND.reRequest, ref);
    } else if (picked === mute) {
      await turnOffWarnings();
    }
  });
}

/** Keep open stopped on its own: why, and the way forward (never a silent stop). */
function showKeepOpenStopped(services: Services, { entry, reason }: KeepOpenStopped): void {
  const label = plainText(`${entry.vmName}:${entry.port}`);
  const ref = { policyId: entry.policyId, vmId: entry.vmId, portNumber: entry.port };
  const retry = vscode.l10n.t("Retry");
  const request = vscode.l10n.t("Request Access…");
  const reRequest = vscode.l10n.t("Re-request");
  let shown: Thenable<string | undefined>;
  switch (reason.kind) {
    case "cap":
      shown = vscode.window.showInformationMessage(
        vscode.l10n.t(
          "Keep open for {0} reached its limit (azureJit.keepOpenMaxHours); the current window runs to its end.",
          label,
        ),
        reRequest,
      );
      break;
    case "narrowed":
      shown = vscode.window.showWarningMessage(
        vscode.l10n.t("Keep open for {0} stopped: {1}", label, plainText(reason.message)),
        request,
      );
      break;
    case "failed":
      shown = vscode.window.showErrorMessage(
        vscode.l10n.t("Keep open for {0} stopped: renewing failed: {1}", label, plainText(reason.message)),
        retry,
      );
      break;
    case "ended":
      shown = vscode.window.showWarningMessage(
        vscode.l10n.t("Keep open for {0} stopped: the access ended or was revoked before it could be renewed.", label),
        reRequest,
      );
      break;
  }
  void Promise.resolve(shown).then(async (picked) => {
    if (picked === reRequest || picked === retry) {
      await vscode.commands.executeCommand(COMMAND.reRequest, ref);
      if (picked === retry) await vscode.commands.executeCommand(COMMAND.keepOpen, ref);
    } else if (picked === request) {
      await vscode.commands.executeCommand(COMMAND.requestAccess, {
        kind: "port",
        policy: services.policies.find(entry.policyId),
        vmId: entry.vmId,
        portNumber: entry.port,
      });
    }
  });
}

/** Turned off in the user's settings, where it shows and can be turned back on: never a hidden flag. */
async function turnOffWarnings(): Promise<void> {
  await vscode.workspace
    .getConfiguration("azureJit")
    .update("expiryWarningNotification", false, vscode.ConfigurationTarget.Global);
  const open = vscode.l10n.t("Open Setting");
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      "Expiry warnings are off. To get them again, turn on the setting Azure JIT Access › Expiry Warning Notification ({0}).",
      WARNING_NOTIFICATION_SETTING,
    ),
    open,
  );
  if (picked === open)
    await vscode.commands.executeCommand("workbench.action.openSettings", WARNING_NOTIFICATION_SETTING);
}
