import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { toJitError } from "../azure/errors";
import { pickOutcome } from "../auth/subscriptionFilter";
import type { TreeParts } from "./treeParts";
import { quickPickText } from "../core/inertText";

/** azureJit.selectSubscriptions — multi-select of the subscriptions the tree shows, kept in a user setting. */
export function registerSelectSubscriptions(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.selectSubscriptions, async () => {
    let selection;
    let tenantNames = new Map<string, string>();
    try {
      selection = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Listing Azure subscriptions…") },
        () => parts.accounts.selection(),
      );
      tenantNames = new Map((await parts.accounts.tenantList()).map((t) => [t.tenantId.toLowerCase(), t.displayName ?? t.tenantId]));
    } catch (e) {
      void vscode.window.showErrorMessage(toJitError(e, "read").message);
      return;
    }
    const shown = new Set(selection.subscriptions.map((s) => s.subscriptionId.toLowerCase()));
    const items = selection.all.map((s) => ({
      // Subscription and tenant names are Azure text: a quick pick would render `$(name)` in them as an icon.
      label: quickPickText(s.displayName),
      description: quickPickText(s.subscriptionId),
      detail: quickPickText(tenantNames.get(s.tenantId.toLowerCase()) ?? s.tenantId),
      picked: shown.has(s.subscriptionId.toLowerCase()),
      subscription: s,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t("Subscriptions shown in Azure JIT Access"),
      placeHolder:
        selection.source === "azureResources"
          ? vscode.l10n.t("Choose the subscriptions to show (now following the Azure Resources view's selection)")
          : vscode.l10n.t("Choose the subscriptions to show"),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const outcome = pickOutcome(
      picked.map((p) => p.subscription),
      selection.all,
      parts.accounts.azureResourcesSelection(),
    );
    if (outcome.kind === "confirmClear") {
      const clear =
        outcome.then === "azureResources" ? vscode.l10n.t("Follow Azure Resources") : vscode.l10n.t("Show All Subscriptions");
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t("No subscription is ticked, and the view cannot show none."),
        {
          modal: true,
          detail:
            outcome.then === "azureResources"
              ? vscode.l10n.t("Clear this selection and show the subscriptions selected in the Azure Resources view?")
              : vscode.l10n.t("Clear this selection and show every subscription?"),
        },
        clear,
      );
      if (answer !== clear) return;
    }
    // "All" is stored as such, not as "no selection": that would fall back to the Azure Resources filter.
    const value = outcome.kind === "write" ? outcome.value : undefined;
    await vscode.workspace.getConfiguration("azureJit").update("selectedSubscriptions", value, vscode.ConfigurationTarget.Global);
  });
}
