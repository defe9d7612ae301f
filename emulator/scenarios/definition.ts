// The scenario format (also what `--scenario FILE` reads, as JSON) and how it becomes emulator state.
// Request times are relative to the moment the scenario loads, so "an hour ago" stays an hour ago.
import { randomInt } from "node:crypto";
import type {
  PortRuleRecord,
  RequestRecord,
  ResourceGroupRecord,
  ScenarioState,
  SubscriptionRecord,
  TenantRecord,
  VmRecord,
} from "../model.js";
import { vmArmId } from "../model.js";

export interface ScenarioVm {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  osType: "Linux" | "Windows";
  privateIp: string;
  publicIp?: string;
  fqdn?: string;
  adminUsername?: string;
  size?: string;
}

export interface ScenarioRequest {
  requestor: string;
  justification?: string;
  /** Minutes before load time that the request was made. */
  startMinutesAgo: number;
  virtualMachines: Array<{
    /** VM name in the policy's resource group, or a full VM id. */
    vm: string;
    ports: Array<{
      number: number;
      allowedSourceAddressPrefix?: string;
      durationMinutes: number;
      mappedPort?: number;
      /**
       * Ends the port early as `Revoked` with this statusReason: "NewerRequestInitiated" (replaced by a newer
       * request) or "UserRequested" (revoked by a user). Omitted: the port follows the clock (Initiated, then
       * Revoked/Expired at its end).
       */
      revokedReason?: RevokedReason;
    }>;
  }>;
}

/** The statusReason values a scenario may give a `Revoked` port (the API model's JitNetworkAccessRequestPort). */
export const REVOKED_REASONS = ["NewerRequestInitiated", "UserRequested"] as const;
export type RevokedReason = (typeof REVOKED_REASONS)[number];

export interface ScenarioPolicy {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
  kind?: string;
  /** "Updating" makes it settle `provisioningDelayMs` after load, like a policy just PUT. */
  provisioningState?: "Succeeded" | "Updating";
  virtualMachines: Array<{ vm: string; ports: PortRuleRecord[]; publicIpAddress?: string }>;
  requests?: ScenarioRequest[];
}

export interface ScenarioDefinition {
  name: string;
  /** The "caller's public IP" filled in when initiate omits the source. Default 203.0.113.10. */
  callerIp?: string;
  /** Requestor of new requests when the bearer token is not a JWT with a upn. Default jit.user@contoso.com. */
  requestor?: string;
  clientObjectId?: string;
  tenants: TenantRecord[];
  subscriptions: Array<Omit<SubscriptionRecord, "state"> & { state?: string }>;
  resourceGroups?: ResourceGroupRecord[];
  vms: ScenarioVm[];
  policies: ScenarioPolicy[];
}

function resolveVm(ref: string, subscriptionId: string, resourceGroup: string): string {
  return ref.startsWith("/") ? ref : vmArmId(subscriptionId, resourceGroup, ref);
}

/** A scenario file is JSON from anyone: an unknown reason is refused, naming where it is, not passed through. */
function checkedReason(reason: unknown, policy: string, vm: string, port: number): RevokedReason {
  if (typeof reason === "string" && (REVOKED_REASONS as readonly string[]).includes(reason))
    return reason as RevokedReason;
  throw new Error(
    `Scenario policy '${policy}', VM '${vm}', port ${port}: 'revokedReason' must be one of ${REVOKED_REASONS.join(", ")} (got ${JSON.stringify(reason)}).`,
  );
}

export function buildState(def: ScenarioDefinition, nowMs: number, provisioningDelayMs: number): ScenarioState {
  const groups = new Map<string, ResourceGroupRecord>();
  const addGroup = (g: ResourceGroupRecord) => {
    const key = `${g.subscriptionId}/${g.name}`.toLowerCase();
    if (!groups.has(key)) groups.set(key, { ...g });
  };
  for (const g of def.resourceGroups ?? []) addGroup(g);
  for (const v of def.vms) addGroup({ subscriptionId: v.subscriptionId, name: v.resourceGroup, location: v.location });
  for (const p of def.policies)
    addGroup({ subscriptionId: p.subscriptionId, name: p.resourceGroup, location: p.location });

  const vms: VmRecord[] = def.vms.map((v) => ({
    ...v,
    adminUsername: v.adminUsername ?? "azureuser",
    size: v.size ?? (v.osType === "Windows" ? "Standard_D2s_v5" : "Standard_B2s"),
  }));

  return {
    name: def.name,
    callerIp: def.callerIp ?? "203.0.113.10",
    requestor: def.requestor ?? "jit.user@contoso.com",
    clientObjectId: def.clientObjectId ?? "6f1d9c2e-4b7a-4e0f-9a51-3c8e2d7b1a90",
    tenants: def.tenants.map((t) => ({ ...t })),
    subscriptions: def.subscriptions.map((s) => ({ ...s, state: s.state ?? "Enabled" })),
    resourceGroups: [...groups.values()],
    vms,
    policies: def.policies.map((p) => ({
      subscriptionId: p.subscriptionId,
      resourceGroup: p.resourceGroup,
      location: p.location,
      name: p.name,
      kind: p.kind ?? "Basic",
      settledAtMs: p.provisioningState === "Updating" ? nowMs + provisioningDelayMs : nowMs,
      virtualMachines: p.virtualMachines.map((v) => ({
        id: resolveVm(v.vm, p.subscriptionId, p.resourceGroup),
        ports: v.ports.map((port) => ({ ...port })),
        ...(v.publicIpAddress !== undefined && { publicIpAddress: v.publicIpAddress }),
      })),
      requests: (p.requests ?? []).map((r): RequestRecord => {
        const startMs = nowMs - r.startMinutesAgo * 60_000;
        const ticks = randomInt(10_000);
        return {
          virtualMachines: r.virtualMachines.map((v) => ({
            id: resolveVm(v.vm, p.subscriptionId, p.resourceGroup),
            ports: v.ports.map((port) => ({
              number: port.number,
              allowedSourceAddressPrefix: port.allowedSourceAddressPrefix ?? "203.0.113.77",
              endTimeUtc: { ms: startMs + port.durationMinutes * 60_000, ticks },
              initiatedAtMs: startMs + 3_000,
              ...(port.mappedPort !== undefined && { mappedPort: port.mappedPort }),
              ...(port.revokedReason !== undefined && {
                revokedReason: checkedReason(port.revokedReason, p.name, v.vm, port.number),
              }),
            })),
          })),
          startTimeUtc: { ms: startMs, ticks },
          requestor: r.requestor,
          ...(r.justification !== undefined && { justification: r.justification }),
        };
      }),
    })),
  };
}
