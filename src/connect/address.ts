import { toJitError } from "../azure/errors";
import { portAccess } from "../core/accessState";
import { chooseConnectAddress, type ConnectAddress } from "../core/connectAddress";
import { t } from "../core/l10n";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { VmAddress } from "../core/types";
import { meFor } from "../grants/me";
import type { PortTarget } from "../grants/portTarget";
import type { Services } from "../services";

export interface ResolvedAddress {
  address?: ConnectAddress;
  vm?: VmAddress;
  /** Why there is no address (or why the VM lookup failed). */
  problem?: string;
}

/** Firewall mapping from the policy and the current request; the VM's IPs from ARM (cached by the resolver). */
export async function resolveAddress(
  services: Services,
  target: PortTarget,
  needVmDetails: boolean,
): Promise<ResolvedAddress> {
  const policyVm = target.policy.virtualMachines.find((vm) => sameId(vm.id, target.vmId));
  const access = portAccess(target.policy, target.vmId, target.portNumber, services.serverNow(), meFor(services));
  const firewallIp = policyVm?.publicIpAddress;
  let vm: VmAddress | undefined;
  let problem: string | undefined;
  if (!firewallIp || needVmDetails) {
    try {
      vm = await services.accounts.vmAddresses(target.policy.subscriptionId).resolve(target.vmId);
    } catch (e) {
      problem = t("Could not read the addresses of {0}: {1}", vmNameFromId(target.vmId), toJitError(e, "read").message);
      services.log.warn(problem);
    }
  }
  // An ended request's mapping is gone with it: only the current request's counts.
  const current = access.kind === "open" || access.kind === "opening";
  const address = chooseConnectAddress({
    portNumber: target.portNumber,
    firewallIp,
    mappedPort: current ? access.port?.mappedPort : undefined,
    vm,
  });
  if (!address && !problem)
    problem = t("{0} has neither a public nor a private IP address that Azure reports.", vmNameFromId(target.vmId));
  return { address, vm, problem };
}
