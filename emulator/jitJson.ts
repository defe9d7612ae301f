// JIT bodies in the real service's key order (docs/azure-behaviour.md): absent optional fields are omitted,
// `requests` is always present, `appendMode` is always false.
import type { PolicyRecord, PolicyVmRecord, PortRuleRecord, RequestPortRecord, RequestRecord } from "./model.js";
import { policyArmId } from "./model.js";
import type { Store } from "./store.js";
import { formatTimestamp } from "./wire.js";

export const POLICY_TYPE = "Microsoft.Security/locations/jitNetworkAccessPolicies";

export function portRuleJson(p: PortRuleRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { number: p.number, protocol: p.protocol };
  if (p.allowedSourceAddressPrefix !== undefined) out.allowedSourceAddressPrefix = p.allowedSourceAddressPrefix;
  if (p.allowedSourceAddressPrefixes !== undefined) out.allowedSourceAddressPrefixes = p.allowedSourceAddressPrefixes;
  out.maxRequestAccessDuration = p.maxRequestAccessDuration;
  return out;
}

export function policyVmJson(v: PolicyVmRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: v.id, ports: v.ports.map(portRuleJson) };
  if (v.publicIpAddress !== undefined) out.publicIpAddress = v.publicIpAddress;
  return out;
}

function requestPortJson(store: Store, p: RequestPortRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { number: p.number };
  if (p.allowedSourceAddressPrefix !== undefined) out.allowedSourceAddressPrefix = p.allowedSourceAddressPrefix;
  if (p.allowedSourceAddressPrefixes !== undefined) out.allowedSourceAddressPrefixes = p.allowedSourceAddressPrefixes;
  out.endTimeUtc = formatTimestamp(p.endTimeUtc);
  const state = store.portState(p);
  out.status = state.status;
  out.statusReason = state.statusReason;
  if (p.mappedPort !== undefined) out.mappedPort = p.mappedPort;
  return out;
}

export function requestJson(store: Store, r: RequestRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    virtualMachines: r.virtualMachines.map((v) => ({ id: v.id, ports: v.ports.map((p) => requestPortJson(store, p)) })),
    startTimeUtc: formatTimestamp(r.startTimeUtc),
    requestor: r.requestor,
  };
  if (r.justification !== undefined) out.justification = r.justification;
  return out;
}

/** `requestsEcho` replaces the stored requests: the PUT response echoes the body's requests (or []). */
export function policyJson(store: Store, p: PolicyRecord, requestsEcho?: unknown[]): Record<string, unknown> {
  return {
    kind: p.kind,
    properties: {
      virtualMachines: p.virtualMachines.map(policyVmJson),
      requests: requestsEcho ?? store.visibleRequests(p).map((r) => requestJson(store, r)),
      provisioningState: store.provisioningState(p),
      appendMode: false,
    },
    id: policyArmId(p),
    name: p.name,
    type: POLICY_TYPE,
    location: p.location,
  };
}
