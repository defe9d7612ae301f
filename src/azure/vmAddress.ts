// Where to reach a VM: VM → NIC → public IP as wire JSON through one core-client ServiceClient (armReader) instead
// of @azure/arm-network (1.2 MiB for the same two reads, docs/azure-behaviour.md#bundle).
import { t } from "../core/l10n";
import { parseVmId } from "../core/resourceId";
import type { VmAddress } from "../core/types";
import { checked } from "./answers";
import { parseNic, parsePublicIp, parseVm, parseVmListItem } from "./resourceAnswers";
import type { ArmSettings } from "./clientOptions";
import { allPages, withDeadline } from "./operation";
import { armReader } from "./securityClient";

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

export function createVmAddressResolver(settings: ArmSettings): VmAddressResolver {
  const get = armReader(settings);
  // Promises, not values: two tree nodes asking for the same VM at once share one chain of calls.
  const cache = new Map<string, Promise<VmAddress>>();

  const lookUp = async (vmId: string): Promise<VmAddress> => {
    const ref = parseVmId(vmId);
    // Opaque ids (AWS connector entries) have no ARM VM to read: nothing to resolve.
    if (!ref) return { vmId };
    const name = ref.name;
    return withDeadline(settings, "read", async (abortSignal) => {
      // Raw JSON (the generic deserializer would reshape it before it is validated); ids from answers are encoded
      // segment by segment, so a hostile one cannot add a query or leave the Resource Manager's origin.
      const read = (id: string, apiVersion: string): Promise<unknown> =>
        get(resourceUrl(settings, id, apiVersion), abortSignal);
      const vm = checkedAnswer(t("virtual machine {0}", name), await read(vmId, VM_API), (body) => parseVm(body, vmId));
      const address: VmAddress = { vmId };
      if (vm.adminUsername) address.adminUsername = vm.adminUsername;
      if (vm.osType) address.osType = vm.osType;
      if (!vm.nicId) return address;
      const nicId = vm.nicId;
      const nicFacts = checkedAnswer(t("the network interface of {0}", name), await read(nicId, NETWORK_API), (body) =>
        parseNic(body, nicId),
      );
      if (nicFacts.privateIp) address.privateIp = nicFacts.privateIp;
      if (!nicFacts.publicIpId) return address;
      const publicIpId = nicFacts.publicIpId;
      const pip = checkedAnswer(t("the public IP address of {0}", name), await read(publicIpId, NETWORK_API), (body) =>
        parsePublicIp(body, publicIpId),
      );
      if (pip.ipAddress) address.publicIp = pip.ipAddress;
      if (pip.fqdn) address.fqdn = pip.fqdn;
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

function checkedAnswer<T>(what: string, body: unknown, parse: (body: unknown) => T): T {
  return checked(what, () => parse(body));
}

/** The subscription's VMs (all pages), for choosing VMs to add to a policy. */
export function listVirtualMachines(settings: ArmSettings, subscriptionId: string): Promise<VmSummary[]> {
  const get = armReader(settings);
  const firstUrl = `${settings.cloud.resourceManagerEndpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/virtualMachines?api-version=${VM_API}`;
  return withDeadline(settings, "read", (abortSignal) =>
    allPages(
      settings,
      t("the virtual machines of subscription {0}", subscriptionId),
      firstUrl,
      (url) => get(url, abortSignal),
      (raw, path): VmSummary => parseVmListItem(raw, path),
    ),
  );
}

function resourceUrl(settings: ArmSettings, id: string, apiVersion: string): string {
  const path = id
    .split("/")
    .filter((segment) => segment !== "")
    .map(encodeURIComponent)
    .join("/");
  return `${settings.cloud.resourceManagerEndpoint}/${path}?api-version=${apiVersion}`;
}
