// The access state of one VM port, derived from policy.requests. The service returns requests unordered
// and keeps old ones for weeks. Without knowing who "me" is, the latest request for the port (by startTimeUtc)
// decides. JIT opens a port for the sources of a request, not for everyone, and overlapping requests for one port
// all stay in force (docs/azure-behaviour.md#overlapping-requests-for-one-port): given who "me" is, the state is
// mine (my requests only), and other people's open requests are listed beside it.
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
  /** Only when "me" was given: other people's requests that keep the port open now, for their sources. */
  others?: OtherAccess[];
  /** Only when "me" was given and the port is open for someone: for whom. */
  openFor?: OpenFor;
}

/** Who "me" is, to tell my requests from other people's. */
export interface Me {
  /** The signed-in account's UPN, matched case-insensitively; "" or absent matches no requestor (every service principal is ""). */
  requestor?: string;
  /** Sources Azure recorded for my requests (an address or CIDR each, matched case-insensitively): a port request from one of them is mine. */
  sources?: readonly string[];
}

/** Someone else's request that keeps the port open now, for their sources only. */
export interface OtherAccess {
  kind: "open" | "opening";
  /** Their UPN, or "" for a service principal. */
  requestor: string;
  sources: string[];
  endTimeUtc: number;
  remainingMs: number;
  request: JitRequest;
  port: RequestPort;
}

/** For whom the port is open now: "me" (my own request), "others" (someone else's only), "both". */
export type OpenFor = "me" | "others" | "both";

export function isMine(request: JitRequest, port: RequestPort, me: Me): boolean {
  const requestor = me.requestor?.trim().toLowerCase() ?? "";
  if (
    requestor !== "" &&
    String(request.requestor ?? "")
      .trim()
      .toLowerCase() === requestor
  )
    return true;
  const mine = new Set((me.sources ?? []).map((s) => s.trim().toLowerCase()).filter((s) => s !== ""));
  return port.allowedSourceAddressPrefixes.some((s) => mine.has(String(s).trim().toLowerCase()));
}

/** Every request entry for one port of one VM, in no particular order. */
function requestPorts(
  policy: Policy,
  vmId: string,
  portNumber: number,
): Array<{ request: JitRequest; port: RequestPort }> {
  const found: Array<{ request: JitRequest; port: RequestPort }> = [];
  for (const request of policy.requests) {
    for (const vm of request.virtualMachines) {
      if (!sameId(vm.id, vmId)) continue;
      for (const port of vm.ports) if (port.number === portNumber) found.push({ request, port });
    }
  }
  return found;
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
export function portAccess(policy: Policy, vmId: string, portNumber: number, serverNowMs: number, me?: Me): PortAccess {
  if (me) return portAccessFor(policy, vmId, portNumber, serverNowMs, me);
  const latest = latestRequestPort(policy, vmId, portNumber);
  if (!latest) return { kind: "none" };
  return entryAccess(latest.request, latest.port, serverNowMs);
}

/**
 * The port as `me` sees it: `kind` is the state of my own requests (one of them open keeps it open, the one that
 * ends last deciding; otherwise my latest), `others` lists other people's requests open now (soonest-ending
 * first), `openFor` says for whom it is open. With no request of mine the kind is "none", whatever others hold.
 */
function portAccessFor(policy: Policy, vmId: string, portNumber: number, serverNowMs: number, me: Me): PortAccess {
  const mine: PortAccess[] = [];
  const others: OtherAccess[] = [];
  for (const { request, port } of requestPorts(policy, vmId, portNumber)) {
    const access = entryAccess(request, port, serverNowMs);
    if (isMine(request, port, me)) mine.push(access);
    else if ((access.kind === "open" || access.kind === "opening") && access.remainingMs !== undefined) {
      others.push({
        kind: access.kind,
        requestor: String(request.requestor ?? ""),
        sources: [...port.allowedSourceAddressPrefixes],
        endTimeUtc: port.endTimeUtc,
        remainingMs: access.remainingMs,
        request,
        port,
      });
    }
  }
  const live = mine.filter((a) => a.kind === "open" || a.kind === "opening");
  let own: PortAccess = { kind: "none" };
  if (live.length > 0) {
    // Open beats opening; then the one that ends last (it is what keeps the port open longest).
    own = live.reduce((a, b) =>
      a.kind !== b.kind ? (a.kind === "open" ? a : b) : time(b.endTimeUtc ?? NaN) > time(a.endTimeUtc ?? NaN) ? b : a,
    );
  } else if (mine.length > 0) {
    own = mine.reduce((a, b) =>
      a.request && b.request && a.port && b.port && isLater(b.request, b.port, a.request, a.port) ? b : a,
    );
  }
  others.sort((a, b) => a.endTimeUtc - b.endTimeUtc);
  const mineOpen = live.length > 0;
  const openFor: OpenFor | undefined =
    mineOpen && others.length > 0 ? "both" : mineOpen ? "me" : others.length > 0 ? "others" : undefined;
  return { ...own, others, ...(openFor ? { openFor } : {}) };
}

function entryAccess(request: JitRequest, port: RequestPort, serverNowMs: number): PortAccess {
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

/** Every policy port that is opening or open now (for me, when `me` is given), soonest-ending first. */
export function activeGrants(policies: Policy[], serverNowMs: number, me?: Me): ActiveGrant[] {
  const grants: ActiveGrant[] = [];
  for (const policy of policies) {
    for (const vm of policy.virtualMachines) {
      // A port number can have one rule per protocol; its access is per number, so list it once.
      for (const number of new Set(vm.ports.map((rule) => rule.number))) {
        const access = portAccess(policy, vm.id, number, serverNowMs, me);
        if (access.kind === "open" || access.kind === "opening") {
          grants.push({ policy, vmId: vm.id, portNumber: number, access });
        }
      }
    }
  }
  return grants.sort((a, b) => (a.access.endTimeUtc ?? 0) - (b.access.endTimeUtc ?? 0));
}
