// Policies grouped the way the tree shows them and the ascLocation get/initiate calls need them.
import type { Policy } from "./types";

/** Policies keyed by their location (the ascLocation get/initiate need), regions and names in sorted order. */
export function groupByLocation(policies: Policy[]): Map<string, Policy[]> {
  const groups = new Map<string, Policy[]>();
  // ARM spells regions in lower case, but a hand-written id may not: one region must not show up twice.
  const sorted = [...policies].sort(
    (a, b) => a.location.toLowerCase().localeCompare(b.location.toLowerCase()) || a.name.localeCompare(b.name),
  );
  for (const policy of sorted) {
    const key = policy.location.toLowerCase();
    const group = groups.get(key);
    if (group) group.push(policy);
    else groups.set(key, [policy]);
  }
  return groups;
}
