// The plain data the whole extension works with. src/azure maps SDK models into these; nothing outside
// src/azure ever sees an SDK class. Times are epoch milliseconds (UTC) so core logic can do arithmetic
// with a clock that is passed in.

/** A port rule of a JIT policy VM (JitNetworkAccessPortRule). */
export interface PortRule {
  number: number;
  /** "TCP" | "UDP" | "*" — kept as a string: the service models it as an open string. */
  protocol: string;
  /** Allowed sources; ["*"] means any. Merges allowedSourceAddressPrefix and allowedSourceAddressPrefixes. */
  allowedSourceAddressPrefixes: string[];
  /** ISO-8601 duration as the service sent it, e.g. "PT3H". */
  maxRequestAccessDuration: string;
}

/** A VM entry of a JIT policy (JitNetworkAccessPolicyVirtualMachine). */
export interface PolicyVm {
  /** ARM id of the VM; treated as opaque (AWS connector ids exist). */
  id: string;
  ports: PortRule[];
  /** Public IP of the Azure Firewall in front of the VM, when there is one. */
  publicIpAddress?: string;
}

/** One port of one VM in a request (JitNetworkAccessRequestPort). */
export interface RequestPort {
  number: number;
  allowedSourceAddressPrefixes: string[];
  endTimeUtc: number;
  /** "Initiating" | "Initiated" | "Revoked" | anything else the service invents. */
  status: string;
  /** "UserRequested" | "Expired" | "NewerRequestInitiated" | anything else. */
  statusReason: string;
  /** Azure Firewall DNAT port, when the VM is behind one. */
  mappedPort?: number;
}

export interface RequestVm {
  id: string;
  ports: RequestPort[];
}

/** A request kept in policy.requests (JitNetworkAccessRequest). Unordered in the service's answers. */
export interface JitRequest {
  virtualMachines: RequestVm[];
  startTimeUtc: number;
  /** UPN, or "" for service principals. */
  requestor: string;
  justification?: string;
}

/** A JIT network access policy, flattened. */
export interface Policy {
  /** Full ARM id of the policy. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The ascLocation: the VMs' region, as get/initiate need it. */
  location: string;
  kind?: string;
  provisioningState?: string;
  virtualMachines: PolicyVm[];
  requests: JitRequest[];
}

/** The body of one initiate call (JitNetworkAccessPolicyInitiateRequest) for one policy. */
export interface InitiateBody {
  virtualMachines: {
    id: string;
    ports: { number: number; allowedSourceAddressPrefix?: string; endTimeUtc: string }[];
  }[];
  justification?: string;
}

export interface Tenant {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

/** The name shown for a directory: its display name, else its default domain, else its id. */
export function directoryName(tenant: Tenant): string {
  return tenant.displayName || tenant.defaultDomain || tenant.tenantId;
}

export interface Subscription {
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  state?: string;
}

/** What the extension needs to reach a VM: from VM → NIC → public IP, plus the JIT firewall mapping. */
export interface VmAddress {
  vmId: string;
  adminUsername?: string;
  /** "Linux" | "Windows" when ARM says. */
  osType?: string;
  privateIp?: string;
  publicIp?: string;
  fqdn?: string;
}
