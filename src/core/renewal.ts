// Keep open: the renewal schedule of a kept-open grant, pure (time passed in). The grant tracker
// (src/grants/tracker.ts) asks renewalStep() what to do on each tick and sends through its one request function.
// Least access: a renewal repeats exactly what was first sent (VMs, ports, source, justification, duration, never
// longer than the cap leaves) and is planned against the policy as it is now, so a narrowed policy stops it.
import { MIN_ACCESS_MS } from "./duration";
import { t } from "./l10n";
import { planInitiate, type AccessChoice } from "./requestPlan";
import type { InitiateBody, Policy } from "./types";

/**
 * How long before a grant's end its renewal is sent (docs/azure-behaviour.md#keep-open-renewal-lead-time): three
 * minutes, or a third of the window for short grants. Azure answers an initiate in about 3–4 s and opens the port
 * within about 4 s more; three minutes leaves room for the back-off below (10, 20, 40, 60 s) to retry a 429 or a
 * network failure four times and still open the new window before the old one ends, within the 2 minutes of clock
 * skew Azure tolerates on endTimeUtc.
 */
export const RENEWAL_LEAD_MS = 3 * 60_000;
/** Back-off between attempts of one renewal: 10 s, doubling, at most a minute (a Retry-After above that wins). */
export const RETRY_BASE_MS = 10_000;
export const RETRY_MAX_MS = 60_000;
/** A window's holder refreshes its lease on every tick; another window takes the renewal over once it lapses. */
export const LEASE_MS = 90_000;

export function renewalLeadMs(durationMs: number): number {
  return Math.min(RENEWAL_LEAD_MS, Math.floor(durationMs / 3));
}

/** One kept-open port, as remembered in globalState (shared by every window). */
export interface KeepOpenEntry {
  policyId: string;
  vmId: string;
  port: number;
  vmName: string;
  /** What the first request sent (undefined source = the caller's IP). */
  source?: string;
  durationMs: number;
  justification?: string;
  /** Server time of the first request: the cap counts from it. */
  startedAt: number;
  /** startedAt + azureJit.keepOpenMaxHours. */
  capEndsAt: number;
  /** The any-source confirmation given when keep-open was turned on (a `*` / 0.0.0.0/0 grant needs it). */
  anySourceConfirmed?: boolean;
  /** Which window renews it, until when (server time). */
  lease?: { holder: string; until: number };
  /** Failed attempts of the renewal now due, and when the next one may go. */
  failures?: number;
  retryAt?: number;
}

export type StopReason =
  { kind: "cap" } | { kind: "narrowed"; message: string } | { kind: "failed"; message: string } | { kind: "ended" };

export type RenewalStep =
  | { kind: "wait"; untilMs: number }
  | { kind: "renew"; choice: AccessChoice; body: InitiateBody }
  | { kind: "stop"; reason: StopReason };

/** When the renewal of a grant ending at endTimeUtc is due. */
export function renewalDueAt(entry: Pick<KeepOpenEntry, "durationMs" | "retryAt">, endTimeUtc: number): number {
  return entry.retryAt ?? endTimeUtc - renewalLeadMs(entry.durationMs);
}

/**
 * What to do now for one kept-open port whose current grant ends at endTimeUtc (undefined: no grant is known,
 * e.g. it was revoked). policy: the latest read of its policy (undefined: not loaded yet, so wait for it).
 */
export function renewalStep(
  entry: KeepOpenEntry,
  endTimeUtc: number | undefined,
  policy: Policy | undefined,
  nowMs: number,
): RenewalStep {
  if (endTimeUtc === undefined || endTimeUtc <= nowMs) return { kind: "stop", reason: { kind: "ended" } };
  const left = entry.capEndsAt - nowMs;
  if (left < MIN_ACCESS_MS) return { kind: "stop", reason: { kind: "cap" } };
  const due = renewalDueAt(entry, endTimeUtc);
  if (nowMs < due) return { kind: "wait", untilMs: due };
  if (!policy) return { kind: "wait", untilMs: nowMs + RETRY_BASE_MS };
  const choice: AccessChoice = {
    policy,
    vms: [{ vmId: entry.vmId, ports: [entry.port] }],
    source: entry.source,
    // Never past the cap: the last window is cut to what the cap leaves.
    durationMs: Math.min(entry.durationMs, left),
    justification: entry.justification,
  };
  // The policy as it is now: a port removed, a source or a duration no longer allowed is "narrowed", not retried.
  const plan = planInitiate(choice, nowMs);
  if (!plan.ok) {
    return {
      kind: "stop",
      reason: {
        kind: "narrowed",
        message: t("the policy no longer allows it: {0}", plan.errors.map((e) => e.message).join(" ")),
      },
    };
  }
  return { kind: "renew", choice, body: plan.body };
}

/**
 * After a failed attempt: when to try again (back-off, at least Retry-After), or undefined when the next attempt
 * could not open the new window before the current one ends (then keep-open stops and says why).
 */
export function retryAfterFailure(
  failures: number,
  endTimeUtc: number,
  nowMs: number,
  retryAfterMs?: number,
): number | undefined {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  const at = nowMs + Math.max(backoff, retryAfterMs ?? 0);
  return at < endTimeUtc ? at : undefined;
}

export type LeaseDecision = "mine" | "theirs";

/** Whether this window (holder) renews the entry now: its own lease, no lease, or a lapsed one. */
export function leaseDecision(lease: KeepOpenEntry["lease"], holder: string, nowMs: number): LeaseDecision {
  if (!lease || lease.holder === holder || lease.until <= nowMs) return "mine";
  return "theirs";
}

/** The cap's end for a keep-open turned on now: from the first request (startedAt), maxHours later. */
export function capEndsAt(startedAt: number, maxHours: number): number {
  return startedAt + maxHours * 3_600_000;
}
