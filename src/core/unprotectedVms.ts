// The subscription's VMs no JIT policy covers ("Not configured" in the tree), and why JIT cannot be enabled on some.
import { t } from "./l10n";
import { DEFAULT_POLICY_NAME, validateNameLength } from "./policyEdit";
import type { PolicyVm } from "./types";

/** A VM as the subscription's VM listing gives it (src/azure/vmAddress.ts listVirtualMachines), plus optional hints. */
export interface ListedVm {
  id: string;
  name: string;
  location: string;
  osType?: string;
  /** false when the listing knows no NSG or Azure Firewall protects the VM; undefined when it cannot tell. */
  hasNetworkSecurity?: boolean;
}

export interface UnprotectedVm extends ListedVm {
  /** Set when JIT cannot be enabled on this VM, with the reason in words. */
  unsupportedReason?: string;
}

/**
 * The subscription's VMs that no policy covers, sorted by location then name, each with the reason it cannot be
 * enabled when that can be told from what we have: classic VMs (Microsoft.ClassicCompute), names too long for the
 * `default` policy's 56-character rule, and VMs the listing knows have neither NSG nor firewall.
 */
export function unprotectedVms(listed: ListedVm[], policies: Array<{ virtualMachines: PolicyVm[] }>): UnprotectedVm[] {
  const covered = new Set<string>();
  for (const policy of policies) for (const vm of policy.virtualMachines) covered.add(vm.id.toLowerCase());
  return listed
    .filter((vm) => !covered.has(vm.id.toLowerCase()))
    .map((vm): UnprotectedVm => {
      const reason = unsupportedReason(vm);
      return reason === undefined ? { ...vm } : { ...vm, unsupportedReason: reason };
    })
    .sort((a, b) => a.location.localeCompare(b.location) || a.name.localeCompare(b.name));
}

function unsupportedReason(vm: ListedVm): string | undefined {
  if (/\/providers\/Microsoft\.ClassicCompute\//i.test(vm.id)) {
    return t("Classic VM: JIT supports only Azure Resource Manager VMs.");
  }
  if (vm.hasNetworkSecurity === false) {
    return t("No network security group or Azure Firewall protects this VM; JIT needs one to open and close ports.");
  }
  return validateNameLength(DEFAULT_POLICY_NAME, vm.id);
}

/** Unprotected VMs grouped by location (the ascLocation a new `default` policy would use). */
export function groupByLocation<V extends { location: string }>(vms: V[]): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const vm of vms) {
    const key = vm.location.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), vm]);
  }
  return groups;
}
