// Which children each node has, from the loaded data, with one node object per id for the life of the view.
// Pure (no vscode), so the integration tests can walk the same tree the view shows, fed by the real SDK.
import type { FailedTenant } from "../auth/subscriptionFilter";
import type { SubscriptionPolicies } from "../azure/loader";
import { groupByLocation } from "../core/policyGroups";
import type { JitError } from "../core/errors";
import type { UnprotectedVm } from "../core/unprotectedVms";
import type { Policy, Subscription } from "../core/types";
import { unprotectedVmNodes } from "./unprotectedPresentation";
import {
  ids,
  type ActionNode,
  type EmptyNode,
  type ErrorNode,
  type LocationNode,
  type NotConfiguredNode,
  type PolicyNode,
  type PortNode,
  type SubscriptionNode,
  type TreeNode,
  type UnprotectedVmNode,
  type VmNode,
} from "./nodes";
import { errorActions } from "./nodePresentation";

/** A subscription's VMs that no policy covers (src/manage/unprotectedVms.ts), or why they could not be listed. */
export interface UnprotectedResult {
  vms?: UnprotectedVm[];
  error?: JitError;
}

function hasGroup(result: UnprotectedResult | undefined): boolean {
  return result !== undefined && (result.error !== undefined || (result.vms?.length ?? 0) > 0);
}

function sameUnprotected(a: UnprotectedResult | undefined, b: UnprotectedResult | undefined): boolean {
  const key = (r: UnprotectedResult | undefined) =>
    JSON.stringify([r?.vms ?? null, r?.error ? [r.error.kind, r.error.message, r.error.detail ?? null] : null]);
  return key(a) === key(b);
}

export class TreeModel {
  private readonly nodes = new Map<string, TreeNode>();
  /** Per subscription (lower case): its unprotected VMs, once the listing has answered. */
  private readonly unprotected = new Map<string, UnprotectedResult>();

  /** The node with this id, if the view has shown it. */
  get(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Every node created so far (for re-rendering countdowns without a network call). */
  all(): IterableIterator<TreeNode> {
    return this.nodes.values();
  }

  clear(): void {
    this.nodes.clear();
  }

  subscriptions(subscriptions: Subscription[], tenantNames?: ReadonlyMap<string, string>): SubscriptionNode[] {
    return subscriptions.map((subscription) => {
      const tenantName = tenantNames?.get(subscription.tenantId.toLowerCase());
      return this.upsert<SubscriptionNode>({
        kind: "subscription",
        id: ids.subscription(subscription.subscriptionId),
        subscription,
        ...(tenantName ? { tenantName } : {}),
      });
    });
  }

  rootError(error: JitError): ErrorNode {
    return this.upsert<ErrorNode>({ kind: "error", id: ids.error(undefined), error });
  }

  /** One item per directory whose subscriptions could not be listed, after the subscriptions. */
  directoryErrors(failed: readonly FailedTenant[]): ErrorNode[] {
    return failed.map(({ tenant, error }) =>
      this.upsert<ErrorNode>({
        kind: "error",
        id: ids.directoryError(tenant.tenantId),
        error,
        source: "directory",
        tenant,
      }),
    );
  }

  /**
   * Locations (sorted), or one error item, or one "no policies" item; then the "Not configured" group when the VM
   * listing found VMs no policy covers (or failed). A subscription whose policies failed to load has no group:
   * without its policies, which VMs are protected cannot be told.
   */
  subscriptionChildren(result: SubscriptionPolicies): Array<LocationNode | ErrorNode | EmptyNode | NotConfiguredNode> {
    const subscription = result.subscription;
    if (result.error) {
      return [
        this.upsert<ErrorNode>({
          kind: "error",
          id: ids.error(subscription.subscriptionId),
          error: result.error,
          subscription,
        }),
      ];
    }
    const policies = result.policies ?? [];
    const children: Array<LocationNode | EmptyNode | NotConfiguredNode> =
      policies.length === 0
        ? [this.upsert<EmptyNode>({ kind: "empty", id: ids.empty(subscription.subscriptionId), subscription })]
        : [...groupByLocation(policies)].map(([location, group]) =>
            this.upsert<LocationNode>({
              kind: "location",
              id: ids.location(subscription.subscriptionId, location),
              subscription,
              location,
              policies: group,
            }),
          );
    const unprotected = this.unprotected.get(subscription.subscriptionId.toLowerCase());
    if (unprotected && hasGroup(unprotected)) children.push(this.notConfigured(subscription, unprotected));
    return children;
  }

  /**
   * A subscription's unprotected VMs were (re)computed; undefined forgets them. Returns the nodes to re-render:
   * the subscription when the group appears or goes, the group when only its VMs changed, nothing otherwise.
   */
  setUnprotected(subscriptionId: string, result: UnprotectedResult | undefined): TreeNode[] {
    const key = subscriptionId.toLowerCase();
    const before = this.unprotected.get(key);
    if (result === undefined) this.unprotected.delete(key);
    else this.unprotected.set(key, result);
    if (sameUnprotected(before, result)) return [];
    const subscriptionNode = this.nodes.get(ids.subscription(subscriptionId));
    if (hasGroup(before) !== hasGroup(result)) return subscriptionNode ? [subscriptionNode] : [];
    const group = this.nodes.get(ids.notConfigured(subscriptionId));
    if (!group || group.kind !== "notConfigured" || !result) return [];
    return [this.notConfigured(group.subscription, result)];
  }

  notConfiguredChildren(node: NotConfiguredNode): Array<UnprotectedVmNode | ErrorNode> {
    if (node.error) {
      return [
        this.upsert<ErrorNode>({
          kind: "error",
          id: ids.vmListingError(node.subscriptionId),
          error: node.error,
          subscription: node.subscription,
          source: "vmListing",
        }),
      ];
    }
    return unprotectedVmNodes(node.subscriptionId, node.vms).map((fresh) => this.upsert<UnprotectedVmNode>(fresh));
  }

  private notConfigured(subscription: Subscription, result: UnprotectedResult): NotConfiguredNode {
    return this.upsert<NotConfiguredNode>({
      kind: "notConfigured",
      id: ids.notConfigured(subscription.subscriptionId),
      subscriptionId: subscription.subscriptionId,
      subscription,
      vms: result.vms ?? [],
      ...(result.error ? { error: result.error } : {}),
    });
  }

  locationChildren(node: LocationNode): PolicyNode[] {
    return node.policies.map((policy) => this.policy(policy));
  }

  policy(policy: Policy): PolicyNode {
    return this.upsert<PolicyNode>({ kind: "policy", id: ids.policy(policy.id), policy });
  }

  policyChildren(node: PolicyNode): VmNode[] {
    const policy = node.policy;
    return policy.virtualMachines.map((vm) =>
      this.upsert<VmNode>({ kind: "vm", id: ids.vm(policy.id, vm.id), policy, vmId: vm.id }),
    );
  }

  vmChildren(node: VmNode): PortNode[] {
    const policy = node.policy;
    const vm = policy.virtualMachines.find((v) => v.id.toLowerCase() === node.vmId.toLowerCase());
    return (vm?.ports ?? []).map((rule) =>
      this.upsert<PortNode>({
        kind: "port",
        id: ids.port(policy.id, node.vmId, rule.number),
        policy,
        vmId: node.vmId,
        portNumber: rule.number,
      }),
    );
  }

  errorChildren(node: ErrorNode): ActionNode[] {
    return errorActions(node.error, node.source).map((action) =>
      this.upsert<ActionNode>({ kind: "action", id: ids.action(node.id, action), action, target: node }),
    );
  }

  /**
   * A policy was re-read: point every node of it at the new object. Returns the policy node and its VM and port
   * nodes that exist, so the view can re-render exactly those.
   */
  updatePolicy(policy: Policy): TreeNode[] {
    const changed: TreeNode[] = [];
    const prefix = ids.policy(policy.id);
    for (const node of this.nodes.values()) {
      if (
        (node.kind === "policy" || node.kind === "vm" || node.kind === "port") &&
        (node.id === prefix || node.id.startsWith(`${prefix}/`))
      ) {
        node.policy = policy;
        changed.push(node);
      }
      if (
        node.kind === "location" &&
        node.subscription.subscriptionId.toLowerCase() === policy.subscriptionId.toLowerCase()
      ) {
        const index = node.policies.findIndex((p) => p.id.toLowerCase() === policy.id.toLowerCase());
        if (index >= 0) node.policies[index] = policy;
      }
    }
    return changed;
  }

  /** Children of any node, given the per-subscription results (undefined = not loaded yet: no children yet). */
  children(node: TreeNode, resultFor: (subscriptionId: string) => SubscriptionPolicies | undefined): TreeNode[] {
    switch (node.kind) {
      case "subscription": {
        const result = resultFor(node.subscription.subscriptionId);
        return result ? this.subscriptionChildren(result) : [];
      }
      case "location":
        return this.locationChildren(node);
      case "policy":
        return this.policyChildren(node);
      case "vm":
        return this.vmChildren(node);
      case "error":
        return this.errorChildren(node);
      case "notConfigured":
        return this.notConfiguredChildren(node);
      default:
        return [];
    }
  }

  /** Same object for the same id; its fields take the new values (identity is what VS Code's tree keys on). */
  private upsert<T extends TreeNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.id);
    if (existing && existing.kind === fresh.kind) {
      for (const key of Object.keys(existing) as Array<keyof TreeNode>) {
        if (!Object.hasOwn(fresh, key)) delete (existing as unknown as Record<string, unknown>)[key];
      }
      Object.assign(existing, fresh);
      return existing as T;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}
