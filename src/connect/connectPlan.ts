// Which port Connect uses and whether it must request it, wait for it or can connect now. Pure: the command passes
// what the store, the grant memory and this window's in-flight requests know. The store only learns of a request at
// its next poll, so without the other two a port requested a second ago would be requested again.
import type { PortAccess } from "../core/accessState";
import { LIST_LAG_MS } from "../grants/reconcile";

export const RDP_PORT = 3389;

/** A policy read may still show the previous request (or none) for a while after initiate: only newer ones count. */
export const START_SKEW_MS = 60_000;

/**
 * The port to connect to on a VM: among the ports just requested when there are any (a user who asked for 3389
 * only must not get 22), else among all the VM's ports; SSH first, then RDP, then the only one. undefined: ask.
 */
export function connectPortOfVm(
  vmPorts: readonly number[],
  sshPorts: readonly number[],
  requested: readonly number[] = [],
): number | undefined {
  const chosen = vmPorts.filter((p) => requested.includes(p));
  const candidates = chosen.length > 0 ? chosen : vmPorts;
  return (
    candidates.find((p) => sshPorts.includes(p)) ??
    candidates.find((p) => p === RDP_PORT) ??
    (candidates.length === 1 ? candidates[0] : undefined)
  );
}

/** Whether the request the store shows for the port is the one sent at `sinceMs` (or a later one). */
export function isRequestSince(access: PortAccess, sinceMs: number): boolean {
  return access.request !== undefined && access.request.startTimeUtc >= sinceMs - START_SKEW_MS;
}

/** A grant the memory holds for the port (src/grants/grantMemory.ts RememberedGrant). */
export interface RememberedPort {
  startTimeUtc?: number;
  endTimeUtc: number;
  opening?: boolean;
}

export type ConnectStep =
  | { kind: "connect" }
  /** Poll until Azure reports Initiated for the request sent at sinceMs. */
  | { kind: "wait"; sinceMs: number }
  /** This window is sending a request for the port right now: let it settle, then decide again. */
  | { kind: "afterInFlight" }
  | { kind: "request" };

export interface ConnectStepInput {
  /** The store's view of the port. */
  access: PortAccess;
  remembered?: RememberedPort;
  /** A request for the port is between send and Azure's answer in this window. */
  inFlight: boolean;
  /** Server time. */
  nowMs: number;
}

export function connectStep({ access, remembered, inFlight, nowMs }: ConnectStepInput): ConnectStep {
  if (access.kind === "open") return { kind: "connect" };
  if (access.kind === "opening") return { kind: "wait", sinceMs: access.request?.startTimeUtc ?? nowMs };
  if (inFlight) return { kind: "afterInFlight" };
  const start = remembered?.startTimeUtc;
  if (remembered?.opening && start !== undefined && remembered.endTimeUtc > nowMs && nowMs - start < LIST_LAG_MS) {
    // Once the store lists that request and it is neither opening nor open, Azure refused or ended it: ask anew.
    if (!isRequestSince(access, start)) return { kind: "wait", sinceMs: start };
  }
  return { kind: "request" };
}
