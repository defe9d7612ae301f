// "Go to VM…": every VM of every loaded policy, matched on its name, resource group, subscription and location.
// Pure: the quick pick (src/tree/goToVm.ts) asks this for what to show on every keystroke, so it must stay fast for
// 10,000 VMs (npm run bench, go-to-vm:). Each entry keeps one lower-case text of its fields, built once.
import { parseVmId } from "./resourceId";
import type { Policy } from "./types";

export interface VmSearchEntry {
  vmId: string;
  vmName: string;
  resourceGroup: string;
  subscriptionId: string;
  subscriptionName: string;
  /** The policy's location (ascLocation) and, when known, its display name ("West Europe"). */
  location: string;
  locationName?: string;
  /** The policy the VM is in: the tree shows the VM under it. */
  policy: Policy;
  /** name, group, subscription, location, location name: lower case, separated by newlines. */
  readonly text: string;
}

/** One entry per VM of each policy (a VM listed twice in one policy once), sorted by VM name. */
export function vmSearchEntries(
  policies: readonly Policy[],
  subscriptionName: (subscriptionId: string) => string | undefined,
  locationName: (location: string) => string | undefined = () => undefined,
): VmSearchEntry[] {
  const out: VmSearchEntry[] = [];
  for (const policy of policies) {
    const seen = new Set<string>();
    for (const vm of policy.virtualMachines) {
      const key = vm.id.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const ref = parseVmId(vm.id);
      // Opaque ids (AWS connector VMs) have no ARM name: their last segment is what the tree shows too.
      const vmName = ref?.name ?? vm.id.split("/").filter(Boolean).at(-1) ?? vm.id;
      const resourceGroup = ref?.resourceGroup ?? policy.resourceGroup;
      const subscription = subscriptionName(policy.subscriptionId) ?? policy.subscriptionId;
      const shownLocation = locationName(policy.location);
      out.push({
        vmId: vm.id,
        vmName,
        resourceGroup,
        subscriptionId: policy.subscriptionId,
        subscriptionName: subscription,
        location: policy.location,
        ...(shownLocation ? { locationName: shownLocation } : {}),
        policy,
        text: [vmName, resourceGroup, subscription, policy.location, shownLocation ?? ""].join("\n").toLowerCase(),
      });
    }
  }
  // Sorted on keys made once: lower-casing inside the comparison cost 0.4 s for 10,000 VMs (npm run bench).
  const keyed = out.map((entry) => ({
    entry,
    name: entry.vmName.toLowerCase(),
    subscription: entry.subscriptionName.toLowerCase(),
  }));
  keyed.sort((a, b) => compare(a.name, b.name) || compare(a.subscription, b.subscription));
  return keyed.map((k) => k.entry);
}

/**
 * The entries whose fields contain every word of the query (case-insensitive, in any field, in any order), at
 * most `limit`: those whose VM name starts with the first word first, then the others, each in name order. An
 * empty query matches everything.
 */
export function filterVms(
  entries: readonly VmSearchEntry[],
  query: string,
  limit = Number.POSITIVE_INFINITY,
): VmSearchEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries.slice(0, limit);
  const first = words[0]!;
  const leading: VmSearchEntry[] = [];
  const others: VmSearchEntry[] = [];
  for (const entry of entries) {
    if (!words.every((word) => entry.text.includes(word))) continue;
    if (entry.vmName.toLowerCase().startsWith(first)) leading.push(entry);
    else others.push(entry);
    // The leading ones fill the limit on their own: nothing later can come before them.
    if (leading.length >= limit) break;
  }
  return leading.concat(others).slice(0, limit);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
