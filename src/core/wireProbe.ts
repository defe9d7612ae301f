// Connect's wait for the wire: after Azure reports a port open, Connect tries a TCP connection to the address and
// port it will hand off (the firewall's mapped port where there is one) until one succeeds, within a bound. Azure's
// `Initiated` does not promise reachability (docs/azure-behaviour.md#initiated-is-not-yet-reachable). Pure: the
// socket part is src/connect/probe.ts; time is passed in.
import { t } from "./l10n";

export interface ProbeBounds {
  /** One TCP connect attempt gives up after this long (a dropped SYN is never answered). */
  attemptTimeoutMs: number;
  /** The whole wait gives up after this long (measured from its start). */
  totalMs: number;
  /** Pause before attempt N (the last value repeats). */
  delaysMs: readonly number[];
}

/** 20 s in all: Azure's NSG rule normally follows Initiated within seconds; a proxy or VPN problem never clears. */
export const PROBE_BOUNDS: ProbeBounds = { attemptTimeoutMs: 3_000, totalMs: 20_000, delaysMs: [0, 500, 1_000, 2_000] };

export type ProbeStep = { kind: "attempt"; delayMs: number; timeoutMs: number } | { kind: "giveUp" };

/**
 * The next step after `attempt` attempts (0 = none yet), `elapsedMs` after the start. An attempt never runs past the
 * total bound: its delay and timeout are cut to what is left, and nothing is tried when too little is left to connect.
 */
export function nextProbeStep(attempt: number, elapsedMs: number, bounds: ProbeBounds = PROBE_BOUNDS): ProbeStep {
  const delays = bounds.delaysMs.length > 0 ? bounds.delaysMs : [0];
  const delayMs = Math.max(0, delays[Math.min(Math.max(attempt, 0), delays.length - 1)]);
  const left = bounds.totalMs - Math.max(0, elapsedMs) - delayMs;
  if (left < MIN_ATTEMPT_MS) return { kind: "giveUp" };
  return { kind: "attempt", delayMs, timeoutMs: Math.min(bounds.attemptTimeoutMs, left) };
}

/** Shorter than this an attempt cannot tell a slow answer from none. */
export const MIN_ATTEMPT_MS = 100;

/** Why an attempt failed, as the socket reported it. */
export type ProbeFailure = "refused" | "timeout" | "unreachable" | "error";

/**
 * The IP doctor's diagnosis when Azure says open but nothing gets through: what Azure recorded as the allowed
 * source, and why that may not be the address the connection leaves from.
 */
export function unreachableMessage(input: {
  vmName: string;
  portNumber: number;
  host: string;
  port: number;
  sources: readonly string[];
  last?: ProbeFailure;
}): string {
  const where =
    input.port === input.portNumber
      ? `${input.host}:${input.port}`
      : `${input.host}:${input.port} (${t("mapped to port {0}", input.portNumber)})`;
  const why =
    input.last === "refused"
      ? t("the connection was refused")
      : input.last === "timeout"
        ? t("nothing answered")
        : t("the connection failed");
  if (input.sources.length === 0) {
    return t("Azure opened port {0} of {1}, but {2} at {3}.", input.portNumber, input.vmName, why, where);
  }
  return t(
    "Azure opened port {0} of {1} for {2} — is that your address? A proxy or VPN may send your SSH from another one. Trying {3}: {4}.",
    input.portNumber,
    input.vmName,
    input.sources.join(", "),
    where,
    why,
  );
}
