// Which subscriptions the tree shows. Pure: the caller passes the settings' values.
// Our own choice (`azureJit.selectedSubscriptions`) wins; otherwise the Azure Resources view's
// (`azureResourceGroups.selectedSubscriptions`), so a user who filtered there sees the same here; otherwise all.
import type { JitError } from "../core/errors";
import type { Subscription, Tenant } from "../core/types";

/**
 * Our setting's value for "every subscription, also ones created later". An empty setting cannot mean that: empty
 * follows the Azure Resources selection, so a user filtering there could never get all subscriptions back here.
 */
export const ALL_SUBSCRIPTIONS = "*";

/** Entries are "tenantId/subscriptionId" (the Azure Resources format), a bare subscription id, or "*". */
export function parseSelection(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim().toLowerCase());
}

function matches(entry: string, s: Subscription): boolean {
  const slash = entry.indexOf("/");
  if (slash < 0) return entry === s.subscriptionId.toLowerCase();
  return (
    entry.slice(0, slash) === s.tenantId.toLowerCase() && entry.slice(slash + 1) === s.subscriptionId.toLowerCase()
  );
}

export type SelectionSource = "azureJit" | "azureResources" | "all";

export interface FilteredSubscriptions {
  subscriptions: Subscription[];
  source: SelectionSource;
  /** The entries that chose them ([] when every subscription shows). */
  entries: string[];
}

export function filterSubscriptions(
  all: Subscription[],
  ours: unknown,
  azureResources: unknown,
): FilteredSubscriptions {
  const own = parseSelection(ours);
  if (own.includes(ALL_SUBSCRIPTIONS)) return { subscriptions: all, source: "azureJit", entries: [] };
  for (const [entries, source] of [
    [own, "azureJit"],
    [parseSelection(azureResources), "azureResources"],
  ] as const) {
    if (entries.length === 0) continue;
    const chosen = all.filter((s) => entries.some((e) => matches(e, s)));
    // A selection naming nothing we can see (stale, or another account's) must not empty the tree silently.
    if (chosen.length > 0) return { subscriptions: chosen, source, entries };
  }
  return { subscriptions: all, source: "all", entries: [] };
}

/** The setting value for a set of chosen subscriptions. */
export function selectionEntries(chosen: Subscription[]): string[] {
  return chosen.map((s) => `${s.tenantId}/${s.subscriptionId}`);
}

/**
 * What ticking `picked` of `all` subscriptions in the quick pick means. All ticked is remembered as "all", so it
 * beats an Azure Resources filter and takes in subscriptions created later. None ticked cannot be a selection (the
 * tree would be empty): clearing ours is what it can mean, and the user is asked first, told what shows instead.
 */
export type PickOutcome = { kind: "write"; value: string[] } | { kind: "confirmClear"; then: "azureResources" | "all" };

export function pickOutcome(picked: Subscription[], all: Subscription[], azureResources: unknown): PickOutcome {
  if (picked.length === 0) {
    return {
      kind: "confirmClear",
      then: filterSubscriptions(all, undefined, azureResources).source === "azureResources" ? "azureResources" : "all",
    };
  }
  if (picked.length >= all.length) return { kind: "write", value: [ALL_SUBSCRIPTIONS] };
  return { kind: "write", value: selectionEntries(picked) };
}

export interface FailedTenant {
  tenant: Tenant;
  error: JitError;
}

/**
 * The directories whose subscriptions could not be listed and that the selection may want: all of them when
 * nothing is filtered; otherwise those a "tenant/subscription" entry names, and all when a bare subscription id
 * names nothing visible (it may live in one of them).
 */
export function failedTenantsToShow(failed: FailedTenant[], filtered: FilteredSubscriptions): FailedTenant[] {
  if (filtered.entries.length === 0) return failed;
  const visible = new Set(filtered.subscriptions.map((s) => s.subscriptionId.toLowerCase()));
  const tenants = new Set<string>();
  for (const entry of filtered.entries) {
    const slash = entry.indexOf("/");
    if (slash >= 0) tenants.add(entry.slice(0, slash));
    else if (!visible.has(entry)) return failed;
  }
  return failed.filter((f) => tenants.has(f.tenant.tenantId.toLowerCase()));
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
  return out.sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId),
  );
}
