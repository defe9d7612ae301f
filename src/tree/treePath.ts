// Where a port sits in the azureJit.policies tree: the ids from the root down to its item. The view creates items
// only as they are expanded, so revealing one walks these ids through the provider's getChildren first; then
// TreeView.reveal finds every ancestor through getParent. Pure: unit tests walk a TreeModel with it.
import { ids } from "./nodes";
import type { Policy } from "../core/types";

export function portPath(policy: Policy, vmId: string, portNumber: number): string[] {
  return [
    ids.subscription(policy.subscriptionId),
    ids.location(policy.subscriptionId, policy.location),
    ids.policy(policy.id),
    ids.vm(policy.id, vmId),
    ids.port(policy.id, vmId, portNumber),
  ];
}

/** The node at the end of `path`, loading each level on the way; undefined when a level does not list the next id. */
export async function walkTo<T extends { id: string }>(
  getChildren: (parent?: T) => Promise<readonly T[]> | readonly T[],
  path: readonly string[],
): Promise<T | undefined> {
  let node: T | undefined;
  for (const id of path) {
    const children = await getChildren(node);
    node = children.find((child) => child.id === id);
    if (!node) return undefined;
  }
  return node;
}
