// Where to reach a VM: VM → NIC → public IP through the generic getById of @azure/arm-resources (about 6 KiB of
// bundle) instead of @azure/arm-network (1.2 MiB for the same two reads, azure-sdk-notes §3.3).
import { createResourceManagement, type ResourceManagementContext } from "@azure/arm-resources/api";
import { getById } from "@azure/arm-resources/api/resources";
import { createRestError } from "@azure-rest/core-client";
import { parseVmId } from "../core/resourceId";
import type { VmAddress } from "../core/types";
import { armClientOptions, type ArmSettings } from "./clientOptions";
import { asJitFailure } from "./errors";

const VM_API = "2024-07-01";
const NETWORK_API = "2024-05-01";

export interface VmAddressResolver {
  resolve(vmId: string): Promise<VmAddress>;
  /** Forgets every cached address (after a refresh, or when a VM was re-created). */
  clear(): void;
}

export interface VmSummary {
  id: string;
  name: string;
  location: string;
  osType?: string;
}

function contextFactory(settings: ArmSettings): (subscriptionId: string) => ResourceManagementContext {
  const contexts = new Map<string, ResourceManagementContext>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let found = contexts.get(key);
    if (!found) {
      found = createResourceManagement(settings.credential, subscriptionId, armClientOptions(settings));
      contexts.set(key, found);
    }
    return found;
  };
}

export function createVmAddressResolver(settings: ArmSettings): VmAddressResolver {
  const contextFor = contextFactory(settings);
  // Promises, not values: two tree nodes asking for the same VM at once share one chain of calls.
  const cache = new Map<string, Promise<VmAddress>>();

  const lookUp = async (vmId: string): Promise<VmAddress> => {
    const ref = parseVmId(vmId);
    // Opaque ids (AWS connector entries) have no ARM VM to read: nothing to resolve.
    if (!ref) return { vmId };
    const context = contextFor(ref.subscriptionId);
    return asJitFailure("read", async () => {
      const vm = props(await getById(context, armPath(vmId), VM_API));
      const address: VmAddress = { vmId };
      const adminUsername = str(obj(vm.osProfile).adminUsername);
      if (adminUsername) address.adminUsername = adminUsername;
      const osType = str(obj(obj(vm.storageProfile).osDisk).osType);
      if (osType) address.osType = osType;

      const nicId = str(primary(arr(obj(vm.networkProfile).networkInterfaces))?.id);
      if (!nicId) return address;
      const nic = props(await getById(context, armPath(nicId), NETWORK_API));
      const ipConfig = props(primary(arr(nic.ipConfigurations)));
      const privateIp = str(ipConfig.privateIPAddress);
      if (privateIp) address.privateIp = privateIp;

      const publicIpId = str(obj(ipConfig.publicIPAddress).id);
      if (!publicIpId) return address;
      const pip = props(await getById(context, armPath(publicIpId), NETWORK_API));
      const publicIp = str(pip.ipAddress);
      if (publicIp) address.publicIp = publicIp;
      const fqdn = str(obj(pip.dnsSettings).fqdn);
      if (fqdn) address.fqdn = fqdn;
      return address;
    });
  };

  return {
    resolve(vmId) {
      const key = vmId.toLowerCase();
      let pending = cache.get(key);
      if (!pending) {
        pending = lookUp(vmId);
        cache.set(key, pending);
        // A failure is not remembered: the next resolve tries again.
        pending.catch(() => {
          if (cache.get(key) === pending) cache.delete(key);
        });
      }
      return pending;
    },
    clear() {
      cache.clear();
    },
  };
}

/** The subscription's VMs (all pages), for choosing VMs to add to a policy. */
export function listVirtualMachines(settings: ArmSettings, subscriptionId: string): Promise<VmSummary[]> {
  const context = contextFactory(settings)(subscriptionId);
  return asJitFailure("read", async () => {
    const out: VmSummary[] = [];
    let response = await context
      .pathUnchecked("/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines", subscriptionId)
      .get({ queryParameters: { "api-version": VM_API } });
    for (;;) {
      if (response.status !== "200") throw createRestError(response);
      const body = obj(response.body);
      for (const item of arr(body.value)) {
        const vm = obj(item);
        const id = str(vm.id);
        if (!id) continue;
        const summary: VmSummary = { id, name: str(vm.name) ?? id.split("/").pop() ?? id, location: str(vm.location) ?? "" };
        const osType = str(obj(obj(obj(vm.properties).storageProfile).osDisk).osType);
        if (osType) summary.osType = osType;
        out.push(summary);
      }
      const next = str(body.nextLink);
      if (!next) return out;
      response = await context.pathUnchecked(next).get();
    }
  });
}

/** arm-resources 8 expands "/{+resourceId}", so an id with its leading slash becomes "//subscriptions/…". */
function armPath(id: string): string {
  return id.replace(/^\/+/, "");
}

// ARM answers are untyped JSON under `properties`; these keep the walking through them total.
type Json = Record<string, unknown>;
function obj(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function str(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}
function props(resource: unknown): Json {
  return obj(obj(resource).properties);
}
/** NICs and IP configurations flag the primary one; a single entry has no flag. */
function primary(items: unknown[]): Json | undefined {
  const all = items.map(obj);
  return all.find((item) => item.primary === true || obj(item.properties).primary === true) ?? all[0];
}
