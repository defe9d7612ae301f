// Loads the policies of many subscriptions at once. One subscription failing (no access, throttled) becomes that
// subscription's error; the others still load (a hung or broken subscription costs only its own node).
import type { JitError } from "../core/errors";
import type { Policy, Subscription } from "../core/types";
import { toJitError } from "./errors";
import type { JitApi } from "./jit";

export interface SubscriptionPolicies {
  subscription: Subscription;
  policies?: Policy[];
  error?: JitError;
}

/** Enough to cover a typical tenant in one round trip, few enough not to trip ARM's per-client throttling. */
export const DEFAULT_CONCURRENCY = 16;

/** Results come back in the order of `subscriptions`. */
export async function loadPolicies(
  subscriptions: Subscription[],
  apiFor: (s: Subscription) => JitApi,
  options?: { concurrency?: number },
): Promise<SubscriptionPolicies[]> {
  const concurrency = Math.max(1, Math.floor(options?.concurrency ?? DEFAULT_CONCURRENCY));
  const results = new Array<SubscriptionPolicies>(subscriptions.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < subscriptions.length) {
      const index = nextIndex++;
      const subscription = subscriptions[index]!;
      try {
        const policies = await apiFor(subscription).listPolicies(subscription.subscriptionId);
        results[index] = { subscription, policies };
      } catch (e) {
        results[index] = { subscription, error: toJitError(e, "read") };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, subscriptions.length) }, worker));
  return results;
}

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
