// Which tenant's token a subscription's calls carry. A token only works in its own tenant, and until the directory
// has been listed a subscription's tenant is unknown: calls made then (the status bar refreshing a remembered
// guest-tenant grant seconds after startup) wait for the listing instead of going out with the home tenant's token.
// No vscode: unit-tested.
import type { JitApi } from "../azure/jit";
import type { VmAddress } from "../core/types";

/**
 * The subscription's tenant, listing the directory first when it is not known yet. undefined (the home tenant)
 * when the listing fails or does not contain the subscription: the call then fails with the service's own reason.
 */
export async function resolveTenant(
  subscriptionId: string,
  tenantOf: ReadonlyMap<string, string>,
  loadDirectory: () => Promise<unknown>,
): Promise<string | undefined> {
  const key = subscriptionId.toLowerCase();
  if (!tenantOf.has(key)) await loadDirectory().catch(() => undefined);
  return tenantOf.get(key);
}

/** A JitApi whose every call first waits for the right tenant's client. */
export function deferredJitApi(client: () => Promise<JitApi>): JitApi {
  return {
    listPolicies: async (subscriptionId) => (await client()).listPolicies(subscriptionId),
    getPolicy: async (ref) => (await client()).getPolicy(ref),
    initiate: async (ref, body) => (await client()).initiate(ref, body),
    initiateMany: async (items) => (await client()).initiateMany(items),
    putPolicy: async (ref, virtualMachines, kind) => (await client()).putPolicy(ref, virtualMachines, kind),
    updatePolicyVms: async (ref, change) => (await client()).updatePolicyVms(ref, change),
    deletePolicy: async (ref) => (await client()).deletePolicy(ref),
  };
}

export interface VmAddresses {
  resolve(vmId: string): Promise<VmAddress>;
}

export function deferredVmAddresses(client: () => Promise<VmAddresses>): VmAddresses {
  return { resolve: async (vmId) => (await client()).resolve(vmId) };
}
