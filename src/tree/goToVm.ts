// azureJit.goToVm ("Go to VM…"): a quick pick over every VM of every loaded policy, matched on VM, resource group,
// subscription and location names (src/core/vmSearch.ts), that reveals the chosen VM in the azureJit.policies view.
import * as vscode from "vscode";
import { plainText } from "../core/inertText";
import { filterVms, vmSearchEntries, type VmSearchEntry } from "../core/vmSearch";
import type { Accounts, PolicyStore } from "../services";
import { locationDisplayName } from "./locationNames";
import { ids, type TreeNode } from "./nodes";
import { walkTo } from "./treePath";

/** What the quick pick shows at most: enough to scroll, few enough to render at once. */
export const GO_TO_VM_SHOWN = 200;

interface VmPick extends vscode.QuickPickItem {
  entry: VmSearchEntry;
}

/** Resolves with the id of the revealed VM's tree item; undefined when none was chosen or it is not in the view. */
export async function goToVm(
  policies: PolicyStore,
  accounts: Pick<Accounts, "getSubscriptions">,
  view: vscode.TreeView<TreeNode>,
  tree: { getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] },
  /** Typed in already (a keybinding's or a test's argument). */
  query?: string,
): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<VmPick>();
  if (query) pick.value = query;
  pick.title = vscode.l10n.t("Go to VM");
  pick.placeholder = vscode.l10n.t("VM, resource group, subscription or location name");
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.show();
  try {
    // Every subscription's policies, as the tree loads them; the subscription names from the same listing.
    const [subscriptions] = await Promise.all([accounts.getSubscriptions().catch(() => []), policies.ensureLoaded()]);
    const names = new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName]));
    const entries = vmSearchEntries(policies.all(), (id) => names.get(id.toLowerCase()), locationDisplayName);
    const show = (query: string): void => {
      // The filtering is ours (every word in some field); alwaysShow keeps VS Code from filtering again.
      pick.items = filterVms(entries, query, GO_TO_VM_SHOWN).map((entry) => ({
        label: plainText(entry.vmName),
        description: plainText(
          `${entry.resourceGroup} · ${entry.subscriptionName} · ${entry.locationName ?? entry.location}`,
        ),
        alwaysShow: true,
        entry,
      }));
    };
    show(pick.value);
    pick.busy = false;
    if (entries.length === 0)
      pick.placeholder = vscode.l10n.t("No VMs are loaded: the JIT Policies view has no policy with a VM.");
    const chosen = await new Promise<VmSearchEntry | undefined>((resolve) => {
      pick.onDidChangeValue(show);
      // Enter with nothing listed (still loading, or no match) keeps the pick open.
      pick.onDidAccept(() => {
        const entry = pick.selectedItems[0]?.entry ?? pick.activeItems[0]?.entry;
        if (entry) resolve(entry);
      });
      pick.onDidHide(() => resolve(undefined));
    });
    pick.hide();
    return chosen ? await reveal(chosen, view, tree) : undefined;
  } finally {
    pick.dispose();
  }
}

async function reveal(
  entry: VmSearchEntry,
  view: vscode.TreeView<TreeNode>,
  tree: { getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] },
): Promise<string | undefined> {
  const { policy } = entry;
  const path = [
    ids.subscription(policy.subscriptionId),
    ids.location(policy.subscriptionId, policy.location),
    ids.policy(policy.id),
    ids.vm(policy.id, entry.vmId),
  ];
  const node = await walkTo<TreeNode>((parent) => tree.getChildren(parent), path);
  if (!node) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("{0} is not in the JIT Policies view.", plainText(entry.vmName)),
    );
    return undefined;
  }
  await view.reveal(node, { select: true, focus: true, expand: true });
  return node.id;
}
