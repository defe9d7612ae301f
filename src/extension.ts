import * as vscode from "vscode";
import { AzureAccounts } from "./auth/accounts";
import { registerRefresh } from "./commands/refresh";
import { registerRevealInTree } from "./commands/revealInTree";
import { registerRetry } from "./commands/retry";
import { registerSelectSubscriptions } from "./commands/selectSubscriptions";
import { registerShowOutput } from "./commands/showOutput";
import { registerShowRequiredPermissions } from "./commands/showRequiredPermissions";
import { registerSignIn } from "./commands/signIn";
import type { TreeParts } from "./commands/treeParts";
import { registerUseAzureCli } from "./commands/useAzureCli";
import { registerUseVsCodeAccount } from "./commands/useVsCodeAccount";
import { registerChooseAccount } from "./auth/chooseAccountCommand";
import { registerConnect } from "./connect";
import { setTranslator } from "./core/l10n";
import { ServerClock } from "./core/serverClock";
import { registerHistory } from "./history/register";
import { registerManage } from "./manage/register";
import { UnprotectedVmSource } from "./manage/unprotectedVms";
import { registerRequestForm } from "./requestForm";
import type { PolicyStore, Services } from "./services";
import { jitSettings } from "./settings";
import { registerStatusBar, rememberFormRequest } from "./statusBar";
import type { CountdownSnapshot } from "./statusBar/countdownItem";
import { meFor } from "./grants/me";
import { JitPolicyStore } from "./policies/store";
import { PolicyTreeProvider, VIEW_ID } from "./tree/treeProvider";

// activate() only wires the parts together: no network, no file reads, no token requests (docs/architecture.md#activation), so
// activation stays fast. Activation comes from the view or a command (implicit onView/onCommand), never "*".
// The first Azure call happens when the view asks for its children or a command runs.
/**
 * Returned by activate() only when VS Code runs extension tests (ExtensionMode.Test): what the in-host e2e suite
 * cannot reach through the vscode API. Nothing is exported to other extensions in normal use.
 */
export interface TestApi {
  readonly policies: PolicyStore;
  /** The view's own data provider: the items the tree shows, as VS Code gets them. */
  readonly tree: vscode.TreeDataProvider<unknown>;
  /** The extension's global storage folder (where Connect writes .rdp files). */
  readonly storagePath: string;
  countdown(): CountdownSnapshot;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const log = vscode.window.createOutputChannel(vscode.l10n.t("Azure JIT Access"), { log: true });
  const clock = new ServerClock();
  const serverNow = (): number => clock.now(Date.now());
  const version = String(context.extension.packageJSON.version ?? "0.0.0");
  const accounts = new AzureAccounts(`azure-jit-access/${version}`, log, clock, context.globalState);
  const settingsInterval = (): number => Math.round(jitSettings().refreshIntervalSeconds * 1000);
  const store = new JitPolicyStore(accounts, serverNow, log, settingsInterval);
  const services: Services = { context, log, clock, serverNow, accounts, policies: store };

  // VM listings for "Not configured": one per subscription, only when the view expands it, kept until refresh.
  const unprotected = new UnprotectedVmSource(services, (id) => accounts.listVirtualMachines(id));
  const provider = new PolicyTreeProvider(store, accounts, serverNow, unprotected, () => meFor(services));
  // Several VMs at once for Enable/Disable JIT; the other commands act on the clicked item only.
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  const visibility = (visible: boolean): void => {
    store.setViewVisible(visible);
    provider.setVisible(visible);
  };
  visibility(view.visible);

  const parts: TreeParts = { log, accounts, store, unprotected };
  context.subscriptions.push(
    log,
    accounts,
    store,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("azureJit.refreshIntervalSeconds")) store.poller.reschedule();
    }),
    unprotected,
    // Another account or cloud sees other VMs: list them again.
    accounts.onDidChange(() => unprotected.refresh()),
    provider,
    view,
    view.onDidChangeVisibility((e) => visibility(e.visible)),
    registerShowOutput(log),
    registerSignIn(parts),
    registerUseAzureCli(),
    registerUseVsCodeAccount(),
    registerChooseAccount(accounts, log),
    registerSelectSubscriptions(parts),
    registerRefresh(parts),
    registerRetry(parts),
    registerShowRequiredPermissions(),
  );

  // The request form remembers what it sent so the countdown can show it and re-request can repeat it.
  const statusBar = registerStatusBar(services);
  context.subscriptions.push(
    registerRequestForm(services, { onRequested: rememberFormRequest(services) }),
    statusBar,
    registerConnect(services),
    registerRevealInTree(services, view, provider),
    registerManage(services, unprotected),
    registerHistory(services),
  );

  log.info(`Azure JIT Access ${version} activated`);
  return context.extensionMode === vscode.ExtensionMode.Test
    ? {
        policies: store,
        tree: provider as vscode.TreeDataProvider<unknown>,
        storagePath: context.globalStorageUri.fsPath,
        countdown: () => statusBar.countdown.snapshot(),
      }
    : undefined;
}

export function deactivate(): void {}
