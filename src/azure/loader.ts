// Loads the policies of many subscriptions at once. One subscription failing (no access, throttled) becomes that
// subscription's error; the others still load (a hung or broken subscription costs only its own node).
import type { JitError } from "../core/errors";
import type { Policy, Subscription } from "../core/types";
import { toJitError } from "./errors";
import type { JitApi } from "./jit";
import { MAX_READS_IN_FLIGHT } from "./readPacer";

export interface SubscriptionPolicies {
  subscription: Subscription;
  policies?: Policy[];
  error?: JitError;
}

/**
 * Every subscription at once, up to the read window's bound: the window itself (readPacer.ts, in every client's
 * pipeline) slows the reads when ARM's remaining-reads header runs low or a 429 arrives.
 */
export const DEFAULT_CONCURRENCY = MAX_READS_IN_FLIGHT;

/**
 * Results come back in the order of `subscriptions`. `onResult` hears each one the moment it arrives (with its
 * index in `subscriptions`), so a caller can publish it while the others still load.
 */
export async function loadPolicies(
  subscriptions: Subscription[],
  apiFor: (s: Subscription) => JitApi,
  options?: { concurrency?: number; onResult?: (result: SubscriptionPolicies, index: number) => void },
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
      options?.onResult?.(results[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, subscriptions.length) }, worker));
  return results;
}
