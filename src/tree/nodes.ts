// The tree's elements, the one definition of each node shape. Plain objects, one per id for the life of the view:
// a refresh updates their fields in place (treeModel.ts `upsert`), so VS Code keeps expansion and selection, and
// `onDidChangeTreeData(node)` can name exactly the element that changed. Commands receive these objects; what a
// command may rely on is checked by nodeGuards.ts: `{ kind: "port", policy, vmId, portNumber }`,
// `{ kind: "vm", policy, vmId }`, `{ kind: "policy", policy }`, `{ kind: "subscription", subscription }` and
// `{ kind: "unprotectedVm", subscriptionId, vm }`.
import type { JitError } from "../core/errors";
import type { UnprotectedVm } from "../core/unprotectedVms";
import type { Policy, Subscription, Tenant } from "../core/types";

export interface SubscriptionNode {
  kind: "subscription";
  id: string;
  subscription: Subscription;
  /** Display name of the tenant, when the directory listing gave one. */
  tenantName?: string;
}

export interface LocationNode {
  kind: "location";
  id: string;
  subscription: Subscription;
  /** The ascLocation, lower case as ARM spells it. */
  location: string;
  policies: Policy[];
}

export interface PolicyNode {
  kind: "policy";
  id: string;
  policy: Policy;
}

export interface VmNode {
  kind: "vm";
  id: string;
  policy: Policy;
  vmId: string;
}

export interface PortNode {
  kind: "port";
  id: string;
  policy: Policy;
  vmId: string;
  portNumber: number;
}

/**
 * The subscription's VMs no policy covers (or why they could not be listed). Shown only once the VM listing has
 * answered with at least one VM or an error; the listing runs when the subscription is first expanded.
 */
export interface NotConfiguredNode {
  kind: "notConfigured";
  id: string;
  subscriptionId: string;
  subscription: Subscription;
  vms: UnprotectedVm[];
  error?: JitError;
}

/**
 * A subscription (or the subscription list itself, when `subscription` is undefined) failed to load; with
 * `source: "vmListing"`, the subscription's VM listing under "Not configured" failed; with `source: "directory"`,
 * `tenant` refused its token (MFA, consent, guest access), so its subscriptions are missing from the tree.
 */
/** A VM no policy covers, under "Not configured" (src/manage/unprotectedVms.ts lists them). */
export interface UnprotectedVmNode {
  kind: "unprotectedVm";
  id: string;
  subscriptionId: string;
  vm: UnprotectedVm;
}

export interface ErrorNode {
  kind: "error";
  id: string;
  error: JitError;
  subscription?: Subscription;
  source?: "vmListing" | "directory";
  tenant?: Tenant;
}

export type ActionKind = "retry" | "permissions" | "signIn";

/** A way forward under an error item; Enter or click runs its command with the error node. */
export interface ActionNode {
  kind: "action";
  id: string;
  action: ActionKind;
  target: ErrorNode;
}

export interface EmptyNode {
  kind: "empty";
  id: string;
  subscription: Subscription;
}

export type TreeNode =
  | SubscriptionNode
  | LocationNode
  | PolicyNode
  | VmNode
  | PortNode
  | ErrorNode
  | ActionNode
  | EmptyNode
  | NotConfiguredNode
  | UnprotectedVmNode;

// Ids are lower case: ARM ids and names are case-insensitive, and the service is not consistent about case.
export const ids = {
  subscription: (subscriptionId: string) => `sub:${subscriptionId.toLowerCase()}`,
  location: (subscriptionId: string, location: string) =>
    `${ids.subscription(subscriptionId)}/loc:${location.toLowerCase()}`,
  policy: (policyId: string) => `policy:${policyId.toLowerCase()}`,
  vm: (policyId: string, vmId: string) => `${ids.policy(policyId)}/vm:${vmId.toLowerCase()}`,
  port: (policyId: string, vmId: string, port: number) => `${ids.vm(policyId, vmId)}/port:${port}`,
  error: (subscriptionId: string | undefined) =>
    subscriptionId ? `${ids.subscription(subscriptionId)}/error` : "root/error",
  directoryError: (tenantId: string) => `tenant:${tenantId.toLowerCase()}/error`,
  empty: (subscriptionId: string) => `${ids.subscription(subscriptionId)}/empty`,
  action: (errorId: string, action: ActionKind) => `${errorId}/${action}`,
  notConfigured: (subscriptionId: string) => `${ids.subscription(subscriptionId)}/notConfigured`,
  unprotectedVm: (subscriptionId: string, vmId: string) =>
    `${ids.subscription(subscriptionId)}/unprotected:${vmId.toLowerCase()}`,
  vmListingError: (subscriptionId: string) => `${ids.notConfigured(subscriptionId)}/error`,
};
