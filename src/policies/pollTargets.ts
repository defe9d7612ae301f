// Which loaded policies the store keeps re-reading, and when a watched one has settled. Pure (time is passed in),
// so the rules are unit-tested; src/tree/policyStore.ts owns the timers.
import { activeGrants } from "../core/accessState";
import { isSettled } from "../core/pollSchedule";
import type { Policy } from "../core/types";
import { provisioningPhase } from "./provisioning";

export interface PollTargets {
  /** Re-read every refresh interval while someone looks: an opening or open port, or a PUT still being applied. */
  active: Policy[];
  /** Worth a fast round even though nobody here called watch(): a port "Initiating", or a policy "Updating". */
  autoWatch: Policy[];
}

export function pollTargets(policies: Policy[], serverNow: number): PollTargets {
  const active = new Map<string, Policy>();
  const autoWatch = new Map<string, Policy>();
  for (const grant of activeGrants(policies, serverNow)) {
    const key = grant.policy.id.toLowerCase();
    active.set(key, grant.policy);
    if (grant.access.kind === "opening") autoWatch.set(key, grant.policy);
  }
  for (const policy of policies) {
    if (provisioningPhase(policy.provisioningState) !== "updating") continue;
    active.set(policy.id.toLowerCase(), policy);
    autoWatch.set(policy.id.toLowerCase(), policy);
  }
  return { active: [...active.values()], autoWatch: [...autoWatch.values()] };
}

/** No port opening and ARM done with the last write: the fast polling after a change can stop. */
export function policySettled(policy: Policy, serverNow: number): boolean {
  const opening = activeGrants([policy], serverNow).filter((g) => g.access.kind === "opening").length;
  return isSettled(opening, policy.provisioningState) && provisioningPhase(policy.provisioningState) !== "updating";
}
