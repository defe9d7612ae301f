// The tree nodes the manage and history commands receive. Commands can also be run from the palette, keybindings
// or other extensions with anything as arguments, so every shape is checked before use.
import type { ListedVm, UnprotectedVm } from "../core/policyEdit";
import type { Policy, Subscription } from "../core/types";

export interface VmNode {
  kind: "vm";
  policy: Policy;
  vmId: string;
}
export interface PolicyNode {
  kind: "policy";
  policy: Policy;
}
export interface SubscriptionNode {
  kind: "subscription";
  subscription: Subscription;
}
/** A VM no policy covers (src/manage/unprotectedVms.ts builds these for the tree). */
export interface UnprotectedVmNode {
  kind: "unprotectedVm";
  /** Stable tree id (see unprotectedPresentation.ts). */
  id: string;
  subscriptionId: string;
  vm: UnprotectedVm;
}
/** The per-subscription "Not configured" group. */
export interface NotConfiguredNode {
  kind: "notConfigured";
  id: string;
  subscriptionId: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isPolicy(value: unknown): value is Policy {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.name === "string" &&
    typeof value.subscriptionId === "string" &&
    typeof value.resourceGroup === "string" &&
    typeof value.location === "string" &&
    Array.isArray(value.virtualMachines) &&
    Array.isArray(value.requests)
  );
}

function isListedVm(value: unknown): value is ListedVm {
  return isObject(value) && typeof value.id === "string" && typeof value.name === "string" && typeof value.location === "string";
}

export function isVmNode(value: unknown): value is VmNode {
  return isObject(value) && value.kind === "vm" && typeof value.vmId === "string" && isPolicy(value.policy);
}
export function isPolicyNode(value: unknown): value is PolicyNode {
  return isObject(value) && value.kind === "policy" && isPolicy(value.policy);
}
export function isSubscriptionNode(value: unknown): value is SubscriptionNode {
  return (
    isObject(value) &&
    value.kind === "subscription" &&
    isObject(value.subscription) &&
    typeof value.subscription.subscriptionId === "string"
  );
}
export function isUnprotectedVmNode(value: unknown): value is UnprotectedVmNode {
  return isObject(value) && value.kind === "unprotectedVm" && typeof value.subscriptionId === "string" && isListedVm(value.vm);
}

/**
 * VS Code calls a tree context-menu command with (clicked node, all selected nodes). The selection wins when it
 * holds the clicked node; otherwise only the clicked node counts.
 */
export function selectedNodes(clicked: unknown, selection: unknown): unknown[] {
  if (Array.isArray(selection) && selection.length > 0 && (clicked === undefined || selection.includes(clicked))) return selection;
  return clicked === undefined ? [] : [clicked];
}
