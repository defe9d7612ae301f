// What counts as a change of the policy cache (policyCache.ts), and so which event fires: a subscription whose
// children change shape re-renders as a whole, a policy whose content changes re-renders alone, the root re-renders
// only when the subscription list or its failure changed.
import type { SubscriptionPolicies } from "../azure/loader";
import type { FailedTenant } from "../auth/subscriptionFilter";
import type { JitError } from "../core/errors";
import type { Policy, Subscription } from "../core/types";

/** What happened to the subscription list itself. */
export type RootState =
  | { kind: "idle" }
  | { kind: "loaded"; subscriptions: Subscription[]; failedTenants: FailedTenant[] }
  | { kind: "notSignedIn" }
  | { kind: "failed"; error: JitError };

/** Two reads of one policy say the same (the service's answers are compared as read, field by field). */
export function sameContent(a: Policy, b: Policy): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The policies of `after` that are new or read differently than in `before` (same shape assumed). */
export function changedPolicies(before: SubscriptionPolicies, after: SubscriptionPolicies): Policy[] {
  const old = new Map((before.policies ?? []).map((p) => [p.id.toLowerCase(), p]));
  return (after.policies ?? []).filter((p) => {
    const previous = old.get(p.id.toLowerCase());
    return !previous || !sameContent(previous, p);
  });
}

/** What the subscription's children look like: error, empty, or these locations holding these policies. */
export function shapeOf(result: SubscriptionPolicies): string {
  if (result.error) return `error:${result.error.kind}:${result.error.message}`;
  const policies = result.policies ?? [];
  if (policies.length === 0) return "empty";
  return policies
    .map((p) => `${p.location.toLowerCase()}|${p.id.toLowerCase()}`)
    .sort()
    .join(",");
}

export function sameRoot(a: RootState, b: RootState): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "loaded" && b.kind === "loaded") {
    const ids = (s: Subscription[]) => s.map((x) => `${x.subscriptionId}|${x.displayName}|${x.tenantId}`).join(",");
    const tenants = (f: FailedTenant[]) =>
      f.map((x) => `${x.tenant.tenantId}|${x.tenant.displayName ?? ""}|${x.error.message}`).join(",");
    return ids(a.subscriptions) === ids(b.subscriptions) && tenants(a.failedTenants) === tenants(b.failedTenants);
  }
  if (a.kind === "failed" && b.kind === "failed") return a.error.message === b.error.message;
  return true;
}
