// The sign-in commands: sign in (welcome view, error items), switch between the VS Code account and the Azure CLI,
// choose the subscriptions the view shows, and choose among several Microsoft accounts.
import * as vscode from "vscode";
import { toJitError } from "../azure/errors";
import { COMMAND } from "../core/commandIds";
import { plainText, quickPickText } from "../core/inertText";
import { directoryName, type Subscription, type Tenant } from "../core/types";
import type { AzureAccounts } from "./accounts";
import { pickOutcome } from "./subscriptionFilter";

/** What azureJit.signIn reads of the item it was run on: the tree's error item (src/tree/nodes.ts `ErrorNode`). */
export interface SignInTarget {
  readonly kind: string;
  readonly tenant?: Tenant;
  readonly subscription?: Subscription;
}

export function registerAuth(accounts: AzureAccounts, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.signIn, (node?: SignInTarget) => signIn(accounts, log, node)),
    vscode.commands.registerCommand(COMMAND.useAzureCli, useAzureCli),
    vscode.commands.registerCommand(COMMAND.useVsCodeAccount, useVsCodeAccount),
    vscode.commands.registerCommand(COMMAND.selectSubscriptions, () => selectSubscriptions(accounts)),
    vscode.commands.registerCommand(COMMAND.chooseAccount, () => chooseAccount(accounts, log)),
  );
}

/** azureJit.chooseAccount — which of VS Code's Microsoft accounts to use; tenants and subscriptions follow. */
async function chooseAccount(accounts: AzureAccounts, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await accounts.chooseAccount();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`Choosing an account failed: ${message}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t("Could not switch the Microsoft account: {0}", plainText(message)),
    );
  }
}

/**
 * azureJit.signIn — from the welcome view, or from an error item: a subscription's "not signed in" (then for its
 * tenant), or a directory that refused its token (then for that directory).
 */
async function signIn(accounts: AzureAccounts, log: vscode.LogOutputChannel, node?: SignInTarget): Promise<void> {
  const error = node?.kind === "error" ? node : undefined;
  const tenantId = error?.tenant?.tenantId ?? error?.subscription?.tenantId;
  try {
    await accounts.signIn(tenantId, error?.tenant ? { directoryName: directoryName(error.tenant) } : {});
  } catch (e) {
    const failure = toJitError(e, "read");
    log.warn(`Sign-in failed: ${failure.message}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t("Sign-in to Azure did not complete: {0}", plainText(failure.message)),
    );
  }
}

/** azureJit.useAzureCli — the welcome view's alternative: take tokens from `az` instead of the VS Code account. */
async function useAzureCli(): Promise<void> {
  // Accounts listens to this setting and starts over, so the view reloads by itself.
  await vscode.workspace
    .getConfiguration("azureJit")
    .update("authentication", "azureCli", vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Azure JIT Access now uses the Azure CLI\'s sign-in. If the CLI is not signed in, run "az login" in a terminal.',
    ),
  );
}

/** azureJit.useVsCodeAccount — back from the Azure CLI to the Microsoft account signed in to VS Code (the default). */
async function useVsCodeAccount(): Promise<void> {
  // Accounts listens to this setting and starts over: the view shows the tree, or Sign in when there is no session.
  await vscode.workspace
    .getConfiguration("azureJit")
    .update("authentication", "vscode", vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(
    vscode.l10n.t("Azure JIT Access now uses the Microsoft account signed in to VS Code."),
  );
}

/** azureJit.selectSubscriptions — multi-select of the subscriptions the tree shows, kept in a user setting. */
async function selectSubscriptions(accounts: AzureAccounts): Promise<void> {
  let selection;
  let tenantNames = new Map<string, string>();
  try {
    selection = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Listing Azure subscriptions…") },
      () => accounts.selection(),
    );
    tenantNames = new Map(
      (await accounts.tenantList()).map((t) => [t.tenantId.toLowerCase(), t.displayName ?? t.tenantId]),
    );
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
    accounts.azureResourcesSelection(),
  );
  if (outcome.kind === "confirmClear") {
    const clear =
      outcome.then === "azureResources"
        ? vscode.l10n.t("Follow Azure Resources")
        : vscode.l10n.t("Show All Subscriptions");
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
  await vscode.workspace
    .getConfiguration("azureJit")
    .update("selectedSubscriptions", value, vscode.ConfigurationTarget.Global);
}
