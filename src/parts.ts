// Everything the extension does beyond the wiring: Services built and every part registered. src/extension.ts
// loads this module (in the production build the bundle dist/parts.js) on the first thing that needs a part: the
// view's first getChildren, a command, a restored request form, an agent tool (docs/architecture.md#activation).
import * as vscode from "vscode";
import { createAgentTools, type AgentTools } from "./agentTools";
import { AzureAccounts } from "./auth/accounts";
import { registerAuth } from "./auth/register";
import { registerConnect } from "./connect";
import { openedRemoteWindows, type RemoteWindow } from "./connect/remoteWindow";
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
import type { TreeNode } from "./tree/nodes";
import { registerTree } from "./tree/register";
import { openWalkthroughOnFirstRun } from "./walkthrough";

/**
 * What VS Code's extension tests reach through activate()'s result (ExtensionMode.Test only): what the in-host e2e
 * suite cannot reach through the vscode API. Nothing is exported to other extensions in normal use.
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
  /** The Remote - SSH windows Connect asked VS Code to open (a folder URI or an empty window's target). */
  remoteWindows(): readonly RemoteWindow[];
}

/** The parts, started: what the activation bundle's stand-ins hand their calls to. */
export interface StartedParts extends vscode.Disposable {
  /** The view's real data provider (the view's LazyTreeProvider asks it). */
  readonly tree: vscode.TreeDataProvider<unknown>;
  /** Restores request form panels after a reload. */
  readonly requestFormSerializer: vscode.WebviewPanelSerializer;
  readonly agentTools: AgentTools;
  readonly testApi: TestApi;
}

/** Builds Services and registers every part's commands; `view` is the view src/extension.ts created. */
export function startParts(context: vscode.ExtensionContext, view: vscode.TreeView<TreeNode>): StartedParts {
  const started = performance.now();
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
  const disposables: vscode.Disposable[] = [];

  // VM listings for "Not configured": one per subscription, only when the view expands it, kept until refresh.
  const unprotected = new UnprotectedVmSource(services, (id) => accounts.listVirtualMachines(id));
  const tree = registerTree({ services, accounts, store, unprotected, me: () => meFor(services) }, view);

  disposables.push(
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
  const requestForm = registerRequestForm(services);
  disposables.push(
    grants,
    // Signing out ends keep-open: nothing is renewed for an account that is gone.
    accounts.onDidChange(() => {
      void accounts.isSignedIn().then(
        (signedIn) => (signedIn ? undefined : grants.stopAllKeepOpen("signed out")),
        () => undefined,
      );
    }),
    registerGrants(services),
    requestForm,
    statusBar,
    registerConnect(services),
    registerManage(services, unprotected),
    registerHistory(services),
  );
  const agentTools = createAgentTools(services);
  openWalkthroughOnFirstRun(context, log);

  log.info(`Azure JIT Access ${version} activated (its parts loaded in ${Math.round(performance.now() - started)} ms)`);
  const provider = tree.provider as vscode.TreeDataProvider<unknown>;
  return {
    tree: provider,
    requestFormSerializer: requestForm.serializer,
    agentTools,
    testApi: {
      policies: store,
      tree: provider,
      storagePath: context.globalStorageUri.fsPath,
      countdown: () => statusBar.countdown.snapshot(),
      agentTools,
      remoteWindows: openedRemoteWindows,
    },
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}
