import * as vscode from "vscode";
import { toJitError } from "../azure/errors";
import { selectionEntries } from "../auth/subscriptionFilter";
import type { TreeParts } from "./treeParts";

/** azureJit.selectSubscriptions — multi-select of the subscriptions the tree shows, kept in a user setting. */
export function registerSelectSubscriptions(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand("azureJit.selectSubscriptions", async () => {
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
      label: s.displayName,
      description: s.subscriptionId,
      detail: tenantNames.get(s.tenantId.toLowerCase()) ?? s.tenantId,
      picked: selection.source === "all" || shown.has(s.subscriptionId.toLowerCase()),
      subscription: s,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t("Subscriptions shown in Azure JIT Access"),
      placeHolder: vscode.l10n.t("Choose the subscriptions to show"),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    // Everything picked = no filter, so subscriptions created later show up too.
    const value = picked.length === 0 || picked.length === items.length ? undefined : selectionEntries(picked.map((p) => p.subscription));
    await vscode.workspace.getConfiguration("azureJit").update("selectedSubscriptions", value, vscode.ConfigurationTarget.Global);
  });
}
