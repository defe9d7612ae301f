// Which requests a history command is about, from the tree node it was run on, and fresh data for that scope.
import * as vscode from "vscode";
import type { HistoryScope } from "../core/requestHistory";
import { policiesInScope } from "../core/requestHistory";
import { policyRefOf, vmNameFromId } from "../core/resourceId";
import type { Policy } from "../core/types";
import { isPolicyNode, isSubscriptionNode, isVmNode } from "../tree/nodeGuards";
import type { Services } from "../services";

export interface ScopeChoice {
  scope: HistoryScope;
  /** For titles and file names, e.g. "vm1", "policy default", "Contoso Dev". */
  label: string;
  /** The policy the node carried, used if the store does not know it. */
  policy?: Policy;
}

export function scopeOf(node: unknown): ScopeChoice {
  if (isVmNode(node)) {
    return {
      scope: { kind: "vm", policyId: node.policy.id, vmId: node.vmId },
      label: vmNameFromId(node.vmId),
      policy: node.policy,
    };
  }
  if (isPolicyNode(node)) {
    return {
      scope: { kind: "policy", policyId: node.policy.id },
      label: vscode.l10n.t("policy {0} ({1}, {2})", node.policy.name, node.policy.resourceGroup, node.policy.location),
      policy: node.policy,
    };
  }
  if (isSubscriptionNode(node)) {
    return {
      scope: { kind: "subscription", subscriptionId: node.subscription.subscriptionId },
      label: node.subscription.displayName || node.subscription.subscriptionId,
    };
  }
  return { scope: { kind: "all" }, label: vscode.l10n.t("all subscriptions") };
}

/**
 * Reads the scope's policies again so the history is current: a VM or a policy is one GET (which also updates the
 * store and tree); a subscription is one list call, all subscriptions one list each, in parallel. A failed read
 * falls back to the stored copy, so the view still opens, and is named in `stale` so the view can say so.
 */
export async function freshPolicies(
  services: Services,
  choice: ScopeChoice,
): Promise<{ policies: Policy[]; stale: string[] }> {
  const { scope } = choice;
  if (scope.kind === "vm" || scope.kind === "policy") {
    const known = services.policies.find(scope.policyId) ?? choice.policy;
    if (!known) return { policies: [], stale: [] };
    try {
      return { policies: [await services.policies.refresh(policyRefOf(known))], stale: [] };
    } catch (e) {
      services.log.warn(`history: reading ${known.name} failed: ${String(e)}`);
      return { policies: [known], stale: [known.name] };
    }
  }
  const subscriptions = await services.accounts.getSubscriptions();
  const subscriptionIds =
    scope.kind === "subscription" ? [scope.subscriptionId] : subscriptions.map((s) => s.subscriptionId);
  const stale: string[] = [];
  const lists = await Promise.all(
    subscriptionIds.map(async (id) => {
      try {
        return await services.accounts.jitApi(id).listPolicies(id);
      } catch (e) {
        services.log.warn(`history: listing policies of ${id} failed: ${String(e)}`);
        stale.push(subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase())?.displayName ?? id);
        await services.policies.ensureLoaded();
        return policiesInScope(services.policies.all(), { kind: "subscription", subscriptionId: id });
      }
    }),
  );
  return { policies: lists.flat(), stale };
}
