// Which subscriptions the tree shows. Pure: the caller passes the settings' values.
// Our own choice (`azureJit.selectedSubscriptions`) wins; otherwise the Azure Resources view's
// (`azureResourceGroups.selectedSubscriptions`), so a user who filtered there sees the same here; otherwise all.
import type { Subscription } from "../core/types";

/** Entries are "tenantId/subscriptionId" (the Azure Resources format) or a bare subscription id. */
export function parseSelection(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim().toLowerCase());
}

function matches(entry: string, s: Subscription): boolean {
  const slash = entry.indexOf("/");
  if (slash < 0) return entry === s.subscriptionId.toLowerCase();
  return entry.slice(0, slash) === s.tenantId.toLowerCase() && entry.slice(slash + 1) === s.subscriptionId.toLowerCase();
}

export type SelectionSource = "azureJit" | "azureResources" | "all";

export function filterSubscriptions(
  all: Subscription[],
  ours: unknown,
  azureResources: unknown,
): { subscriptions: Subscription[]; source: SelectionSource } {
  for (const [value, source] of [
    [ours, "azureJit"],
    [azureResources, "azureResources"],
  ] as const) {
    const entries = parseSelection(value);
    if (entries.length === 0) continue;
    const chosen = all.filter((s) => entries.some((e) => matches(e, s)));
    // A selection naming nothing we can see (stale, or another account's) must not empty the tree silently.
    if (chosen.length > 0) return { subscriptions: chosen, source };
  }
  return { subscriptions: all, source: "all" };
}

/** The setting value for a set of chosen subscriptions. */
export function selectionEntries(chosen: Subscription[]): string[] {
  return chosen.map((s) => `${s.tenantId}/${s.subscriptionId}`);
}

/** Same subscription seen through two tenants' tokens (guest access lists it twice): keep the first. */
export function dedupeSubscriptions(lists: Subscription[][]): Subscription[] {
  const seen = new Set<string>();
  const out: Subscription[] = [];
  for (const list of lists) {
    for (const s of list) {
      const key = s.subscriptionId.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
}
