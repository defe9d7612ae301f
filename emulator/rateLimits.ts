// ARM-like read throttling: a token bucket per subscription for subscription-level reads and one per tenant for
// tenant-level reads (GET /tenants, GET /subscriptions), with the remaining count in the headers ARM sends and a 429
// with Retry-After when a bucket is empty. Figures: "Understand how Azure Resource Manager throttles requests"
// (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling) and the
// 2024 announcement of the token-bucket limits: subscription reads, a bucket of 250 refilled at 25 per second.
// Inferred (documented in emulator/README.md): tenant reads use the same figures; the 429's wording; the header
// counts the tokens left after this request; writes and deletes are not limited here.

export interface Bucket {
  size: number;
  refillPerSecond: number;
}

export interface ReadLimitOptions {
  subscriptionReads?: Bucket;
  tenantReads?: Bucket;
}

export const ARM_READS: Bucket = { size: 250, refillPerSecond: 25 };

export type ReadVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; scope: "subscription" | "tenant"; id: string };

export class ReadLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** How many reads were refused, for tests and the bench. */
  throttled = 0;

  constructor(
    private readonly options: ReadLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** One GET: subscription-level when the path starts with /subscriptions/{id}/…, else tenant-level. */
  take(method: string, path: string, tenantId: string): ReadVerdict | undefined {
    if (method !== "GET") return undefined;
    const subscription = /^\/subscriptions\/([^/]+)\/.+/i.exec(path)?.[1]?.toLowerCase();
    const scope = subscription ? "subscription" : "tenant";
    const id = subscription ?? tenantId.toLowerCase();
    const bucket = (subscription ? this.options.subscriptionReads : this.options.tenantReads) ?? ARM_READS;
    const key = `${scope}|${id}`;
    const now = this.now();
    const state = this.buckets.get(key) ?? { tokens: bucket.size, at: now };
    state.tokens = Math.min(bucket.size, state.tokens + ((now - state.at) / 1000) * bucket.refillPerSecond);
    state.at = now;
    this.buckets.set(key, state);
    if (state.tokens < 1) {
      this.throttled++;
      return {
        ok: false,
        scope,
        id,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - state.tokens) / bucket.refillPerSecond)),
      };
    }
    state.tokens -= 1;
    return { ok: true, headers: { [`x-ms-ratelimit-remaining-${scope}-reads`]: String(Math.floor(state.tokens)) } };
  }
}

/** ARM's 429 for a read over the bucket (wording inferred from ARM's documented codes). */
export function throttledBody(verdict: Extract<ReadVerdict, { ok: false }>): {
  error: { code: string; message: string };
} {
  const code = verdict.scope === "subscription" ? "SubscriptionRequestsThrottled" : "TenantRequestsThrottled";
  return {
    error: {
      code,
      message: `Number of 'read' requests for ${verdict.scope} '${verdict.id}' exceeded. Please try again after '${verdict.retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
    },
  };
}
