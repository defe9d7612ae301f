// Policies read one by one (GET) while their subscription's list is not loaded: the status bar refreshes its
// remembered grants at startup, before (or without) the tree ever loading. Kept so the store can answer find() and
// poll them; dropped as soon as the subscription's list arrives, which then holds them. Pure: unit-tested.
import type { Policy } from "../core/types";

export class LoosePolicies {
  private readonly byId = new Map<string, Policy>();

  all(): Policy[] {
    return [...this.byId.values()];
  }

  /** Stores the policy; false when it is the same as the one held (nothing to re-render). */
  set(policy: Policy): boolean {
    const key = policy.id.toLowerCase();
    const before = this.byId.get(key);
    this.byId.set(key, policy);
    return !before || JSON.stringify(before) !== JSON.stringify(policy);
  }

  delete(policyId: string): void {
    this.byId.delete(policyId.toLowerCase());
  }

  /** Removes and returns the subscription's policies (its list has arrived). */
  take(subscriptionId: string): Policy[] {
    const key = subscriptionId.toLowerCase();
    const taken: Policy[] = [];
    for (const [id, policy] of this.byId) {
      if (policy.subscriptionId.toLowerCase() !== key) continue;
      taken.push(policy);
      this.byId.delete(id);
    }
    return taken;
  }

  clear(): void {
    this.byId.clear();
  }
}
