// How "Not configured" VMs look in the tree, as plain ItemViews (src/tree/itemView.ts) so the tree renders them
// like its own items. No vscode here: testable, and the tree keeps control of TreeItem creation.
import { t } from "../core/l10n";
import type { UnprotectedVm } from "../core/unprotectedVms";
import type { ItemView } from "./itemView";
import { md } from "./markdown";
import { ids, type NotConfiguredNode, type UnprotectedVmNode } from "./nodes";

/** Menus: `viewItem =~ /^azureJit\.unprotectedVm$/` (Enable JIT…) matches only VMs JIT can protect. */
export const UNPROTECTED_VM_CONTEXT = "azureJit.unprotectedVm";
export const UNSUPPORTED_VM_CONTEXT = "azureJit.unprotectedVm.unsupported";
export const NOT_CONFIGURED_CONTEXT = "azureJit.notConfigured";

export function unprotectedVmNodes(subscriptionId: string, vms: UnprotectedVm[]): UnprotectedVmNode[] {
  return vms.map((vm) => ({
    kind: "unprotectedVm",
    id: ids.unprotectedVm(subscriptionId, vm.id),
    subscriptionId,
    vm,
  }));
}

/** The "Not configured" group; a failed VM listing opens it on its error item. */
export function presentNotConfigured(node: NotConfiguredNode): ItemView {
  const count = node.vms.length;
  if (node.error) {
    return {
      id: node.id,
      label: t("Not configured"),
      description: t("VMs could not be listed"),
      tooltip: md(t("VMs of this subscription that no JIT policy covers. Right-click one and choose Enable JIT….")),
      icon: { id: "warning", color: "list.warningForeground" },
      contextValue: NOT_CONFIGURED_CONTEXT,
      collapsible: "expanded",
    };
  }
  return {
    id: node.id,
    label: t("Not configured"),
    description: count === 1 ? t("1 VM without JIT") : t("{0} VMs without JIT", count),
    tooltip: md(t("VMs of this subscription that no JIT policy covers. Right-click one and choose Enable JIT….")),
    icon: { id: "shield" },
    contextValue: NOT_CONFIGURED_CONTEXT,
    collapsible: count > 0 ? "collapsed" : "none",
  };
}

export function presentUnprotectedVm(node: UnprotectedVmNode): ItemView {
  const { vm } = node;
  const details = [vm.location, vm.osType].filter((s): s is string => !!s).join(" · ");
  if (vm.unsupportedReason) {
    return {
      id: node.id,
      label: vm.name,
      description: t("JIT not supported"),
      tooltip: `${md(vm.name)}\n\n${md(details)}\n\n${md(vm.unsupportedReason)}`,
      icon: { id: "circle-slash", color: "disabledForeground" },
      contextValue: UNSUPPORTED_VM_CONTEXT,
      collapsible: "none",
    };
  }
  return {
    id: node.id,
    label: vm.name,
    description: details === "" ? t("not configured") : t("not configured · {0}", details),
    tooltip: `${md(vm.name)}\n\n${md(details)}\n\n${md(t("No JIT policy covers this VM. Right-click and choose Enable JIT…."))}`,
    icon: { id: "vm-outline" },
    contextValue: UNPROTECTED_VM_CONTEXT,
    collapsible: "none",
  };
}
