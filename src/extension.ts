import * as vscode from "vscode";
import { registerAgentTools, type AgentTools } from "./agentTools";
import { AzureAccounts } from "./auth/accounts";
import { registerAuth } from "./auth/register";
import { registerConnect } from "./connect";
import { setTranslator } from "./core/l10n";
import { ServerClock } from "./core/serverClock";
import { registerHistory } from "./history/register";
import { registerManage } from "./manage/register";
import { UnprotectedVmSource } from "./manage/unprotectedVms";
import { registerRequestForm } from "./requestForm/register";
import type { PolicyStore, Services } from "./services";
import { jitSettings } from "./settings";
import { registerStatusBar } from "./statusBar/register";
import type { CountdownSnapshot } from "./statusBar/countdownItem";
import { meFor } from "./grants/me";
import { registerGrants } from "./grants/register";
import { GrantTracker } from "./grants/tracker";
import { expiryWarningMs } from "./core/settings";
import { JitPolicyStore } from "./policies/store";
import { registerTree } from "./tree/register";
import { openWalkthroughOnFirstRun } from "./walkthrough";

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
  /** The Copilot agent tools' objects (VS Code's own invokeTool asks a modal confirmation outside a chat). */
  readonly agentTools: AgentTools;
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
  const grants = new GrantTracker({
    state: context.globalState,
    policies: store,
    jitApi: (subscriptionId) => accounts.jitApi(subscriptionId),
    serverNow,
    log,
    signedInAs: () => accounts.signedInAs?.(),
    noticeOptions: () => {
      const settings = jitSettings();
      return { warningMs: expiryWarningMs(settings), warningNotification: settings.expiryWarningNotification };
    },
    keepOpenMaxHours: () => jitSettings().keepOpenMaxHours,
  });
  const services: Services = { context, log, clock, serverNow, accounts, policies: store, grants };

  // VM listings for "Not configured": one per subscription, only when the view expands it, kept until refresh.
  const unprotected = new UnprotectedVmSource(services, (id) => accounts.listVirtualMachines(id));
  const tree = registerTree({ services, accounts, store, unprotected, me: () => meFor(services) });

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
    tree,
    registerAuth(accounts, log),
  );

  // Every request (form, quick request, re-request, connect) goes through grants.request(); the status bar draws grants.
  const statusBar = registerStatusBar(services);
  context.subscriptions.push(
    grants,
    // Signing out ends keep-open: nothing is renewed for an account that is gone.
    accounts.onDidChange(() => {
      void accounts.isSignedIn().then(
        (signedIn) => (signedIn ? undefined : grants.stopAllKeepOpen("signed out")),
        () => undefined,
      );
    }),
    registerGrants(services),
    registerRequestForm(services),
    statusBar,
    registerConnect(services),
    registerManage(services, unprotected),
    registerHistory(services),
  );
  const agentTools = registerAgentTools(services);
  context.subscriptions.push(agentTools);
  openWalkthroughOnFirstRun(context, log);

  log.info(`Azure JIT Access ${version} activated`);
  return context.extensionMode === vscode.ExtensionMode.Test
    ? {
        policies: store,
        tree: tree.provider as vscode.TreeDataProvider<unknown>,
        storagePath: context.globalStorageUri.fsPath,
        countdown: () => statusBar.countdown.snapshot(),
        agentTools: agentTools.tools,
      }
    : undefined;
}

export function deactivate(): void {}
