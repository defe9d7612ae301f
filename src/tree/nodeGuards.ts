// The tree nodes (nodes.ts) as the manage and history commands receive them. Commands can also be run from the
// palette, keybindings or other extensions with anything as arguments, so every shape is checked before use, and a
// command relies only on the fields checked here, never on the tree's ids.
import type { ListedVm } from "../core/unprotectedVms";
import type { Policy } from "../core/types";
import type { PolicyNode, SubscriptionNode, UnprotectedVmNode, VmNode } from "./nodes";

export type VmNodeArg = Pick<VmNode, "kind" | "policy" | "vmId">;
export type PolicyNodeArg = Pick<PolicyNode, "kind" | "policy">;
export type SubscriptionNodeArg = Pick<SubscriptionNode, "kind" | "subscription">;
export type UnprotectedVmNodeArg = Pick<UnprotectedVmNode, "kind" | "subscriptionId" | "vm">;

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
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.name === "string" &&
    typeof value.location === "string"
  );
}

export function isVmNode(value: unknown): value is VmNodeArg {
  return isObject(value) && value.kind === "vm" && typeof value.vmId === "string" && isPolicy(value.policy);
}
export function isPolicyNode(value: unknown): value is PolicyNodeArg {
  return isObject(value) && value.kind === "policy" && isPolicy(value.policy);
}
export function isSubscriptionNode(value: unknown): value is SubscriptionNodeArg {
  return (
    isObject(value) &&
    value.kind === "subscription" &&
    isObject(value.subscription) &&
    typeof value.subscription.subscriptionId === "string"
  );
}
export function isUnprotectedVmNode(value: unknown): value is UnprotectedVmNodeArg {
  return (
    isObject(value) &&
    value.kind === "unprotectedVm" &&
    typeof value.subscriptionId === "string" &&
    isListedVm(value.vm)
  );
}

/**
 * VS Code calls a tree context-menu command with (clicked node, all selected nodes). The selection wins when it
 * holds the clicked node; otherwise only the clicked node counts.
 */
export function selectedNodes(clicked: unknown, selection: unknown): unknown[] {
  if (Array.isArray(selection) && selection.length > 0 && (clicked === undefined || selection.includes(clicked)))
    return selection;
  return clicked === undefined ? [] : [clicked];
}
