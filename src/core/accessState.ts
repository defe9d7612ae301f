// The access state of one VM port, derived from policy.requests. The service returns requests unordered
// and keeps old ones for weeks, so the latest request for the port (by startTimeUtc) decides.
import type { JitRequest, Policy, RequestPort } from "./types";
import { sameId } from "./resourceId";

export type AccessStateKind = "none" | "opening" | "open" | "ended" | "replaced" | "revoked";

export interface PortAccess {
  kind: AccessStateKind;
  request?: JitRequest;
  port?: RequestPort;
  endTimeUtc?: number;
  /** For opening/open: time until endTimeUtc by the server clock. */
  remainingMs?: number;
  /** For ended/replaced/revoked: time since endTimeUtc (0 when it ended early). */
  endedAgoMs?: number;
  /** The service's status string when it is not one we know (or has no readable end): the state is then "none" while the end is ahead, "ended" after — never open. */
  rawStatus?: string;
}

export function latestRequestPort(
  policy: Policy,
  vmId: string,
  portNumber: number,
): { request: JitRequest; port: RequestPort } | undefined {
  let best: { request: JitRequest; port: RequestPort } | undefined;
  for (const request of policy.requests) {
    for (const vm of request.virtualMachines) {
      if (!sameId(vm.id, vmId)) continue;
      for (const port of vm.ports) {
        if (port.number !== portNumber) continue;
        if (!best || isLater(request, port, best.request, best.port)) {
          best = { request, port };
        }
      }
    }
  }
  return best;
}

// A time the azure layer could not parse arrives as NaN; it must lose every comparison instead of winning by accident.
function time(ms: number): number {
  return Number.isFinite(ms) ? ms : -Infinity;
}

function isLater(request: JitRequest, port: RequestPort, bestRequest: JitRequest, bestPort: RequestPort): boolean {
  const start = time(request.startTimeUtc);
  const bestStart = time(bestRequest.startTimeUtc);
  if (start !== bestStart) return start > bestStart;
  return time(port.endTimeUtc) > time(bestPort.endTimeUtc);
}

/**
 * The state of one port of one VM at `serverNowMs`. Statuses are compared case-insensitively. An unknown status
 * (or a known one without a readable end time) never reads as open: with an end still ahead it is "none" with
 * `rawStatus` kept, so the UI offers a new request and can show what the service said; with the end passed it is
 * "ended". A `Revoked` port whose reason is not one we know is "ended".
 */
export function portAccess(policy: Policy, vmId: string, portNumber: number, serverNowMs: number): PortAccess {
  const latest = latestRequestPort(policy, vmId, portNumber);
  if (!latest) return { kind: "none" };
  const { request, port } = latest;
  const end = port.endTimeUtc;
  const common = { request, port, endTimeUtc: end };
  const ended = (kind: AccessStateKind): PortAccess => ({
    ...common,
    kind,
    endedAgoMs: Math.max(0, serverNowMs - end),
  });
  // Typed as strings, but an SDK model with a field missing must not throw here.
  const status = String(port.status ?? "").toLowerCase();
  const reason = String(port.statusReason ?? "").toLowerCase();

  if (!Number.isFinite(end)) return { request, port, kind: "none", rawStatus: port.status };
  if (status === "initiating" || status === "initiated") {
    if (end <= serverNowMs) return ended("ended");
    return { ...common, kind: status === "initiating" ? "opening" : "open", remainingMs: end - serverNowMs };
  }
  if (status === "revoked") {
    if (reason === "newerrequestinitiated") return ended("replaced");
    if (reason === "userrequested") return ended("revoked");
    return ended("ended");
  }
  // Unknown status: never claim the port is open.
  if (end <= serverNowMs) return { ...ended("ended"), rawStatus: port.status };
  return { ...common, kind: "none", rawStatus: port.status };
}

export interface ActiveGrant {
  policy: Policy;
  vmId: string;
  portNumber: number;
  access: PortAccess;
}

/** Every policy port that is opening or open now, soonest-ending first. */
export function activeGrants(policies: Policy[], serverNowMs: number): ActiveGrant[] {
  const grants: ActiveGrant[] = [];
  for (const policy of policies) {
    for (const vm of policy.virtualMachines) {
      // A port number can have one rule per protocol; its access is per number, so list it once.
      for (const number of new Set(vm.ports.map((rule) => rule.number))) {
        const access = portAccess(policy, vm.id, number, serverNowMs);
        if (access.kind === "open" || access.kind === "opening") {
          grants.push({ policy, vmId: vm.id, portNumber: number, access });
        }
      }
    }
  }
  return grants.sort((a, b) => (a.access.endTimeUtc ?? 0) - (b.access.endTimeUtc ?? 0));
}
