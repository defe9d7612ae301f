// The emulator's state types. Scenarios build these; routes read and change them through Store.
import type { NetTime } from "./wire.js";

export interface TenantRecord {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  countryCode?: string;
}

export interface SubscriptionRecord {
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  state: string;
  /** Every JIT call in this subscription answers ARM's 403 AuthorizationFailed. */
  jitForbidden?: boolean;
}

export interface ResourceGroupRecord {
  subscriptionId: string;
  name: string;
  location: string;
}

export interface VmRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  osType: "Linux" | "Windows";
  adminUsername: string;
  privateIp: string;
  publicIp?: string;
  fqdn?: string;
  size: string;
}

export interface PortRuleRecord {
  number: number;
  protocol: string;
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  maxRequestAccessDuration: string;
}

export interface PolicyVmRecord {
  id: string;
  ports: PortRuleRecord[];
  publicIpAddress?: string;
}

export interface RequestPortRecord {
  number: number;
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  endTimeUtc: NetTime;
  /** Virtual-clock ms at which Initiating turns into Initiated. */
  initiatedAtMs: number;
  /** Set when something other than expiry ended it (supersede, revoke). */
  revokedReason?: string;
  mappedPort?: number;
}

export interface RequestRecord {
  virtualMachines: Array<{ id: string; ports: RequestPortRecord[] }>;
  startTimeUtc: NetTime;
  requestor: string;
  justification?: string;
}

export interface PolicyRecord {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
  kind: string;
  virtualMachines: PolicyVmRecord[];
  requests: RequestRecord[];
  /** Virtual-clock ms from which provisioningState reads "Succeeded" instead of "Updating". */
  settledAtMs: number;
}

export interface NsgRule {
  name: string;
  properties: {
    description: string;
    protocol: string;
    sourcePortRange: string;
    destinationPortRange: string;
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    destinationAddressPrefix: string;
    access: "Allow" | "Deny";
    priority: number;
    direction: "Inbound";
  };
  /** Bookkeeping, not serialized: the policy that made it and, for allow rules, when it goes away. */
  policyKey: string;
  expiresAtMs?: number;
}

/** The initial state a scenario describes; Store copies it so /_emulator/reset can go back. */
export interface ScenarioState {
  name: string;
  callerIp: string;
  requestor: string;
  clientObjectId: string;
  tenants: TenantRecord[];
  subscriptions: SubscriptionRecord[];
  resourceGroups: ResourceGroupRecord[];
  vms: VmRecord[];
  policies: PolicyRecord[];
}

export function policyKey(subscriptionId: string, resourceGroup: string, location: string, name: string): string {
  return [subscriptionId, resourceGroup, location, name].join("/").toLowerCase();
}

export function policyArmId(p: Pick<PolicyRecord, "subscriptionId" | "resourceGroup" | "location" | "name">): string {
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.Security/locations/${p.location}/jitNetworkAccessPolicies/${p.name}`;
}

export function vmArmId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
}
