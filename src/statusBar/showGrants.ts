// azureJit.showGrants (status bar click): the open grants, then what to do with the chosen one.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { recentlyEndedGrants } from "../core/countdown";
import { plainText, quickPickText } from "../core/inertText";
import type { RememberedGrant } from "../core/grantRecords";
import { asPortNode, portTargetFromArg } from "../grants/portTarget";
import type { Services } from "../services";
import { grantEndText } from "./tooltip";

interface GrantPick extends vscode.QuickPickItem {
  grant: RememberedGrant;
}

interface ActionPick extends vscode.QuickPickItem {
  command: string;
}

export function registerShowGrants(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.showGrants, async () => {
    const now = services.serverNow();
    const all = services.grants.grants();
    const live = all.filter((g) => g.opening || g.endTimeUtc > now);
    // Nothing open: the status bar shows the grants that ended lately, and this menu is how to renew them.
    const grants = live.length > 0 ? live : recentlyEndedGrants(all, now);
    if (grants.length === 0) {
      const request = vscode.l10n.t("Request Access…");
      if (
        (await vscode.window.showInformationMessage(vscode.l10n.t("No Azure JIT access is open."), request)) === request
      ) {
        await vscode.commands.executeCommand(COMMAND.requestAccess);
      }
      return;
    }
    const picked =
      grants.length === 1
        ? { grant: grants[0] }
        : await vscode.window.showQuickPick<GrantPick>(
            grants.map((g) => ({
              label: `${g.endTimeUtc > now || g.opening ? "$(shield)" : "$(history)"} ${quickPickText(`${g.vmName}:${g.port}`)}`,
              description: grantEndText(g, now),
              grant: g,
            })),
            {
              title: live.length > 0 ? vscode.l10n.t("Open Azure JIT Access") : vscode.l10n.t("Ended Azure JIT Access"),
              placeHolder: vscode.l10n.t("Choose a grant"),
            },
          );
    if (!picked) return;
    const g = picked.grant;

    const actions: ActionPick[] = [
      { label: `$(plug) ${vscode.l10n.t("Connect")}`, command: COMMAND.connect },
      {
        label: `$(refresh) ${vscode.l10n.t("Re-request")}`,
        description: vscode.l10n.t("same source, duration and justification"),
        command: COMMAND.reRequest,
      },
      { label: `$(list-tree) ${vscode.l10n.t("Reveal in Tree")}`, command: COMMAND.revealInTree },
      { label: `$(copy) ${vscode.l10n.t("Copy Address")}`, command: COMMAND.copyAddress },
    ];
    const ended = !g.opening && g.endTimeUtc <= services.serverNow();
    if (!ended) {
      const kept = services.grants.keepOpenOf(g.policyId, g.vmId, g.port);
      actions.splice(
        2,
        0,
        kept
          ? {
              label: `$(sync-ignored) ${vscode.l10n.t("Stop Keeping Open")}`,
              description: vscode.l10n.t("the current window runs to its end"),
              command: COMMAND.stopKeepOpen,
            }
          : {
              label: `$(sync) ${vscode.l10n.t("Keep Open")}`,
              description: vscode.l10n.t("renew shortly before each end, until azureJit.keepOpenMaxHours"),
              command: COMMAND.keepOpen,
            },
        {
          label: `$(clock) ${vscode.l10n.t("Extend Now")}`,
          description: vscode.l10n.t("a new window starting now"),
          command: COMMAND.extendNow,
        },
      );
    }
    const dismiss: ActionPick = {
      label: `$(close) ${vscode.l10n.t("Dismiss")}`,
      description: vscode.l10n.t("stop showing it in the status bar"),
      command: "",
    };
    if (ended) actions.push(dismiss);
    const action = await vscode.window.showQuickPick(actions, {
      title: quickPickText(`${g.vmName}:${g.port}`),
      placeHolder: grantEndText(g, services.serverNow()),
    });
    if (!action) return;
    if (action === dismiss) {
      await services.grants.dismiss(g.policyId, g.vmId, g.port);
      return;
    }
    const target = await portTargetFromArg(services, { policyId: g.policyId, vmId: g.vmId, portNumber: g.port });
    if (!target) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t("The JIT policy for {0}:{1} could not be found.", plainText(g.vmName), g.port),
      );
      return;
    }
    await vscode.commands.executeCommand(action.command, asPortNode(target));
  });
}
