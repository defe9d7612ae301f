// Who "me" is (docs/azure-behaviour.md#who-me-is), in one place, for every portAccess / activeGrants call that shows or acts on "my" access: the
// signed-in user's name (src/auth/signedInAs.ts) and the sources Azure recorded for the requests this user sent
// from here (the grant memory). JIT opens a port for a request's sources only, so a port that someone else opened
// is not open for me (docs/azure-behaviour.md#overlapping-requests-for-one-port).
import type { Me } from "../core/accessState";
import { sameId } from "../core/resourceId";
import type { Policy } from "../core/types";
import { MINE_WINDOW_MS, type LastRequest } from "../core/grantRecords";
import type { Services } from "../services";

/** Sources that match every request ("*", "Any", "Internet") say nothing about whose a request is. */
function isSpecificSource(source: string): boolean {
  const s = source.trim().toLowerCase();
  return s !== "" && s !== "*" && s !== "any" && s !== "internet" && s !== "0.0.0.0/0";
}

/**
 * The sources of my requests: each remembered request's explicit source, and the sources Azure recorded for the
 * policy's request on that VM and port that started closest to it, within MINE_WINDOW_MS (a request for "my IP"
 * sends no source: Azure records the address). Only the closest one: a colleague's request for the same port a few
 * seconds later is theirs. A request whose requestor is someone else never lends its sources.
 */
export function mySources(
  remembered: readonly LastRequest[],
  policies: readonly Policy[],
  requestor?: string,
): string[] {
  const me = requestor?.trim().toLowerCase() ?? "";
  const found = new Set<string>();
  const add = (source: unknown): void => {
    if (typeof source === "string" && isSpecificSource(source)) found.add(source.trim());
  };
  for (const last of remembered) {
    add(last.source);
    const policy = policies.find((p) => sameId(p.id, last.policyId));
    if (!policy) continue;
    let closest: { distance: number; sources: readonly string[] } | undefined;
    for (const request of policy.requests) {
      const distance = Math.abs(request.startTimeUtc - last.requestedAt);
      if (!Number.isFinite(distance) || distance > MINE_WINDOW_MS) continue;
      const theirs = String(request.requestor ?? "")
        .trim()
        .toLowerCase();
      if (me !== "" && theirs !== "" && theirs !== me) continue;
      for (const vm of request.virtualMachines) {
        if (!sameId(vm.id, last.vmId)) continue;
        for (const port of vm.ports) {
          if (port.number === last.port && (!closest || distance < closest.distance))
            closest = { distance, sources: port.allowedSourceAddressPrefixes };
        }
      }
    }
    closest?.sources.forEach(add);
  }
  return [...found];
}

/** "me" now: the signed-in name and my sources over the policies loaded so far (the grant tracker knows both). */
export function meFor(services: Pick<Services, "grants">): Me {
  return services.grants.me();
}
