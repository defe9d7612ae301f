// The azureJit.policies view and its commands: refresh, retry, reveal a port, the permissions an error needs, the log.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { requiredPermissions } from "../core/errors";
import { plainText } from "../core/inertText";
import type { AzureAccounts } from "../auth/accounts";
import { portTargetFromArg, targetLabel } from "../grants/portTarget";
import type { JitPolicyStore } from "../policies/store";
import type { Services } from "../services";
import type { Me } from "../core/accessState";
import type { ErrorNode, TreeNode } from "./nodes";
import { goToVm } from "./goToVm";
import { portPath, walkTo } from "./treePath";
import { PolicyTreeProvider, VIEW_ID, type UnprotectedSource } from "./treeProvider";

export interface TreeParts {
  readonly services: Services;
  readonly accounts: AzureAccounts;
  readonly store: JitPolicyStore;
  /** The "Not configured" VM listings (src/manage/unprotectedVms.ts): refresh and retry list again. */
  readonly unprotected: UnprotectedSource & { refresh(subscriptionId?: string): void };
  readonly me: () => Me | undefined;
}

export interface RegisteredTree extends vscode.Disposable {
  readonly provider: PolicyTreeProvider;
}

/**
 * The view itself is created by the activation bundle (src/extension.ts, over a LazyTreeProvider) before this part
 * loads; its items come from the provider made here.
 */
export function registerTree(parts: TreeParts, view: vscode.TreeView<TreeNode>): RegisteredTree {
  const { services, accounts, store, unprotected } = parts;
  const provider = new PolicyTreeProvider(store, accounts, services.serverNow, unprotected, parts.me);
  const visibility = (visible: boolean): void => {
    store.setViewVisible(visible);
    provider.setVisible(visible);
  };
  visibility(view.visible);
  const disposable = vscode.Disposable.from(
    provider,
    view.onDidChangeVisibility((e) => visibility(e.visible)),
    vscode.commands.registerCommand(COMMAND.showOutput, () => services.log.show(true)),
    vscode.commands.registerCommand(COMMAND.refresh, () => refresh(parts)),
    vscode.commands.registerCommand(COMMAND.retry, (node?: ErrorNode) => retry(parts, node)),
    vscode.commands.registerCommand(COMMAND.showRequiredPermissions, showRequiredPermissions),
    vscode.commands.registerCommand(COMMAND.revealInTree, (arg?: unknown) =>
      revealInTree(services, view, provider, arg),
    ),
    vscode.commands.registerCommand(COMMAND.goToVm, (query?: unknown) =>
      goToVm(store, accounts, view, provider, typeof query === "string" ? query : undefined),
    ),
  );
  return { provider, dispose: () => disposable.dispose() };
}

/** azureJit.refresh — subscriptions and policies again; the tree re-renders only what changed. */
function refresh(parts: TreeParts): Thenable<void> {
  parts.unprotected.refresh();
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => parts.store.reloadAll());
}

/** azureJit.retry — on a subscription's error item: load that subscription again; on the root error: everything. */
function retry(parts: TreeParts, node?: ErrorNode): Thenable<void> | undefined {
  // A failed VM listing ("Not configured") is not cached: dropping the subscription's listing lists it again.
  if (node?.kind === "error" && node.source === "vmListing" && node.subscription) {
    parts.unprotected.refresh(node.subscription.subscriptionId);
    return undefined;
  }
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    node?.kind === "error" && node.subscription
      ? parts.store.reloadSubscription(node.subscription)
      : parts.store.reloadAll(),
  );
}

/** azureJit.showRequiredPermissions — what to ask an administrator for, with a copy button. */
async function showRequiredPermissions(node?: ErrorNode): Promise<void> {
  const permissions =
    node?.kind === "error" && node.error.permissions?.length ? node.error.permissions : requiredPermissions("read");
  const where = node?.kind === "error" && node.subscription ? node.subscription.displayName : undefined;
  const copy = vscode.l10n.t("Copy to Clipboard");
  const choice = await vscode.window.showInformationMessage(
    where
      ? vscode.l10n.t('Reading JIT policies in "{0}" needs these permissions:', where)
      : vscode.l10n.t("Reading JIT policies needs these permissions:"),
    { modal: true, detail: permissions.join("\n") },
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(permissions.join("\n"));
}

/**
 * azureJit.revealInTree (the status bar's grant menu): selects the port's item in the view, expanding its
 * subscription, location, policy and VM on the way.
 */
async function revealInTree(
  services: Services,
  view: vscode.TreeView<TreeNode>,
  provider: PolicyTreeProvider,
  arg?: unknown,
): Promise<void> {
  const target = await portTargetFromArg(services, arg);
  if (!target) return;
  const node = await walkTo<TreeNode>(
    (parent) => provider.getChildren(parent),
    portPath(target.policy, target.vmId, target.portNumber),
  );
  if (!node) {
    // E.g. the subscription is not in the tree's selection, or the port was removed from the policy.
    const select = vscode.l10n.t("Select Subscriptions…");
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t("{0} is not in the JIT Policies view.", plainText(targetLabel(target))),
      select,
    );
    if (picked === select) await vscode.commands.executeCommand(COMMAND.selectSubscriptions);
    return;
  }
  await view.reveal(node, { select: true, focus: true, expand: false });
}
