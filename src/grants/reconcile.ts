import { activeGrants, type Me } from "../core/accessState";
import { ENDED_VISIBLE_MS } from "../core/countdown";
import { ENDED_NOTICE_WINDOW_MS } from "../core/expiryNotices";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { Policy } from "../core/types";
import { grantKey, type RememberedGrant } from "../core/grantRecords";

// Merges what Azure says (the policies loaded so far) with the remembered grants. Azure wins for every policy it
// has answered for; remembered grants of policies not loaded yet (right after a reload) are kept until their end,
// so the countdown shows at once without a network call at activation.

/** Right after initiate, a policy read may not list the new request yet. */
export const LIST_LAG_MS = 2 * 60_000;

/**
 * Whether a grant's request was sent less than LIST_LAG_MS ago on this process's own (monotonic) clock. The server
 * clock is not enough: it jumps (a laptop wakes, the emulator's clock moves), and a jump learnt from another
 * policy's read would make a just-sent request look two minutes old while its own policy was not read since.
 */
export type RecentlySent = (grant: RememberedGrant) => boolean;

export function reconcileGrants(
  remembered: readonly RememberedGrant[],
  loaded: readonly Policy[],
  isMine: (policyId: string, vmId: string, port: number, startTimeUtc: number | undefined) => boolean,
  nowMs: number,
  /** Who "me" is (src/grants/me.ts): a port open only for someone else is not a grant of mine. */
  me?: Me,
  recentlySent: RecentlySent = () => false,
): RememberedGrant[] {
  const previous = new Map(remembered.map((g) => [grantKey(g.policyId, g.vmId, g.port), g]));
  const result = new Map<string, RememberedGrant>();

  for (const { policy, vmId, portNumber, access } of activeGrants([...loaded], nowMs, me)) {
    const startTimeUtc = access.request?.startTimeUtc;
    if (access.endTimeUtc === undefined || !isMine(policy.id, vmId, portNumber, startTimeUtc)) continue;
    const key = grantKey(policy.id, vmId, portNumber);
    const before = previous.get(key);
    // A renewal is a new grant: its notices are due again.
    const sameGrant = before !== undefined && before.endTimeUtc === access.endTimeUtc;
    result.set(key, {
      policyId: policy.id,
      vmId,
      port: portNumber,
      vmName: vmNameFromId(vmId) || vmId,
      startTimeUtc,
      endTimeUtc: access.endTimeUtc,
      opening: access.kind === "opening" ? true : undefined,
      warned: sameGrant ? before.warned : undefined,
      endedNotified: sameGrant ? before.endedNotified : undefined,
    });
  }

  for (const [key, g] of previous) {
    if (result.has(key)) continue;
    const ended = g.endTimeUtc <= nowMs;
    const policy = loaded.find((p) => sameId(p.id, g.policyId));
    const policyLoaded = policy !== undefined;
    if (ended) {
      // Kept while the status bar shows it as ended (with Re-request), and until its "has ended" notice is due.
      const since = nowMs - g.endTimeUtc;
      if (since < ENDED_VISIBLE_MS || (!g.endedNotified && since <= ENDED_NOTICE_WINDOW_MS))
        result.set(key, { ...g, opening: undefined });
    } else if (
      !policyLoaded ||
      (g.opening &&
        ((g.startTimeUtc !== undefined && nowMs - g.startTimeUtc < LIST_LAG_MS) ||
          (recentlySent(g) && !listsRequest(policy, g))))
    ) {
      result.set(key, g);
    }
    // Loaded, not active, not ended: revoked or replaced — gone without a notice.
  }
  return [...result.values()].sort((a, b) => a.endTimeUtc - b.endTimeUtc);
}

/** Azure's 202 and its listing carry the same startTimeUtc; a second covers ISO rounding. */
const SAME_START_MS = 1000;

/** Whether the policy lists the request behind a grant (in any state: a listed, replaced request is not "not yet listed"). */
function listsRequest(policy: Policy, g: RememberedGrant): boolean {
  if (g.startTimeUtc === undefined) return false;
  const start = g.startTimeUtc;
  return policy.requests.some(
    (r) =>
      Math.abs(r.startTimeUtc - start) <= SAME_START_MS &&
      r.virtualMachines.some((vm) => sameId(vm.id, g.vmId) && vm.ports.some((p) => p.number === g.port)),
  );
}
