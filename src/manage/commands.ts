// azureJit.enableJit / editPolicy / disableJit / deletePolicy. Each: work out the targets, ask (form or modal
// confirmation saying what will change), validate before sending, read → plan → write, then let the tree catch up.
import * as vscode from "vscode";
import {
  DEFAULT_POLICY_NAME,
  enableEdit,
  policyCovering,
  recommendedPorts,
  validateNameLength,
  type UnprotectedVm,
} from "../core/policyEdit";
import { parseVmId, sameId, vmNameFromId, type PolicyRef } from "../core/resourceId";
import type { Policy } from "../core/types";
import type { Services } from "../services";
import { afterWrite, refOf, showWriteFailure, withViewProgress } from "./afterWrite";
import {
  isPolicyNode,
  isUnprotectedVmNode,
  isVmNode,
  selectedNodes,
  type UnprotectedVmNode,
  type VmNode,
} from "./nodes";
import { applyVmEdits, deletePolicy, removeVms } from "./policyWrite";
import { showPortForm } from "./portForm";
import { unprotectedVmNodes } from "./unprotectedPresentation";
import type { UnprotectedVmSource } from "./unprotectedVms";

function where(ref: PolicyRef): string {
  return vscode.l10n.t("policy \"{0}\" ({1}, {2})", ref.name, ref.resourceGroup, ref.location);
}

function list(names: string[], max = 5): string {
  return names.length <= max ? names.join(", ") : vscode.l10n.t("{0} and {1} more", names.slice(0, max).join(", "), names.length - max);
}

/** The freshest copy the store holds of a policy a node carried. */
function current(services: Services, policy: Policy): Policy {
  return services.policies.find(policy.id) ?? policy;
}

// ---- Enable ----

export async function enableJit(services: Services, unprotected: UnprotectedVmSource | undefined, clicked: unknown, selection: unknown): Promise<void> {
  let targets = selectedNodes(clicked, selection).filter(isUnprotectedVmNode);
  if (targets.length === 0) targets = await pickUnprotectedVms(services, unprotected);
  if (targets.length === 0) return;

  const skipped: string[] = [];
  const groups = new Map<string, { ref: PolicyRef; vms: UnprotectedVm[] }>();
  for (const { subscriptionId, vm } of targets) {
    const reason = vm.unsupportedReason ?? whyNotEnable(services, vm);
    const parsed = parseVmId(vm.id);
    if (reason !== undefined || !parsed) {
      skipped.push(`${vm.name}: ${reason ?? vscode.l10n.t("not an Azure Resource Manager VM id")}`);
      continue;
    }
    // The portal's layout: one "default" policy per resource group and VM region (BEHAVIOUR.md §3.1).
    const ref: PolicyRef = { subscriptionId, resourceGroup: parsed.resourceGroup, location: vm.location, name: DEFAULT_POLICY_NAME };
    const key = `${ref.subscriptionId}/${ref.resourceGroup}/${ref.location}`.toLowerCase();
    const group = groups.get(key) ?? { ref, vms: [] };
    group.vms.push(vm);
    groups.set(key, group);
  }
  if (skipped.length > 0) {
    const message = vscode.l10n.t("JIT cannot be enabled on: {0}", skipped.join("; "));
    if (groups.size === 0) {
      await vscode.window.showWarningMessage(message);
      return;
    }
    const go = vscode.l10n.t("Continue with the Others");
    if ((await vscode.window.showWarningMessage(message, { modal: true }, go)) !== go) return;
  }

  const all = [...groups.values()];
  const vms = all.flatMap((g) => g.vms);
  const first = all[0];
  if (!first) return;
  const ports = await showPortForm({
    title: vms.length === 1 ? vscode.l10n.t("Enable JIT on {0}", vms[0]?.name ?? "") : vscode.l10n.t("Enable JIT on {0} VMs", vms.length),
    saveDetail:
      all.length === 1
        ? vscode.l10n.t("Adds {0} to {1}, keeping every other VM and port", list(vms.map((v) => v.name)), where(first.ref))
        : vscode.l10n.t("Adds the VMs to the \"default\" policy of each resource group and region ({0} policies)", all.length),
    ports: recommendedPorts(vms.map((v) => v.osType)),
    policyName: DEFAULT_POLICY_NAME,
    vmIds: vms.map((v) => v.id),
    allowEmpty: false,
  });
  if (!ports) return;

  const results = await withViewProgress(vscode.l10n.t("Enabling JIT…"), () =>
    Promise.all(
      all.map(async ({ ref, vms: groupVms }) => {
        try {
          const outcome = await applyVmEdits(services.accounts.jitApi(ref.subscriptionId), ref, groupVms.map((vm) => enableEdit(vm.id, ports)));
          await afterWrite(services, ref, outcome);
          return { ref, names: groupVms.map((v) => v.name) };
        } catch (e) {
          return { ref, names: groupVms.map((v) => v.name), error: e };
        }
      }),
    ),
  );
  const done = results.filter((r) => r.error === undefined).flatMap((r) => r.names);
  for (const failed of results.filter((r) => r.error !== undefined)) {
    await showWriteFailure(services, vscode.l10n.t("Enable JIT on {0}", list(failed.names)), failed.error);
  }
  if (done.length > 0) {
    services.log.info(`manage: JIT enabled on ${done.join(", ")}`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t("JIT enabled on {0}. Azure is applying the policy; the tree shows \"updating…\" until it is done.", list(done)),
    );
  }
}

function whyNotEnable(services: Services, vm: UnprotectedVm): string | undefined {
  const covering = policyCovering(services.policies.all(), vm.id);
  if (covering) return vscode.l10n.t("already in policy \"{0}\"; use Edit JIT Policy… instead", covering.name);
  return validateNameLength(DEFAULT_POLICY_NAME, vm.id);
}

async function pickUnprotectedVms(services: Services, unprotected: UnprotectedVmSource | undefined): Promise<UnprotectedVmNode[]> {
  if (!unprotected) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Choose a VM under \"Not configured\" in the Azure JIT view, then Enable JIT…"));
    return [];
  }
  await services.policies.ensureLoaded();
  const subscriptions = await services.accounts.getSubscriptions();
  const found = await withViewProgress(vscode.l10n.t("Listing virtual machines…"), () =>
    Promise.all(subscriptions.map(async (s) => ({ subscription: s, result: await unprotected.get(s.subscriptionId) }))),
  );
  type Item = vscode.QuickPickItem & { node: UnprotectedVmNode };
  const items: Item[] = [];
  for (const { subscription, result } of found) {
    for (const vm of result.vms ?? []) {
      if (vm.unsupportedReason) continue;
      items.push({
        label: vm.name,
        description: [vm.location, vm.osType].filter(Boolean).join(" · "),
        detail: subscription.displayName,
        node: unprotectedVmNodes(subscription.subscriptionId, [vm])[0] as UnprotectedVmNode,
      });
    }
    if (result.error) services.log.warn(`manage: listing VMs of ${subscription.subscriptionId} failed: ${result.error.message}`);
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Every VM in the selected subscriptions is already protected by JIT, or cannot be."));
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Enable JIT"),
    placeHolder: vscode.l10n.t("VMs without a JIT policy"),
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return (picked ?? []).map((i) => i.node);
}

// ---- Edit ----

export async function editPolicy(services: Services, clicked: unknown): Promise<void> {
  let node: VmNode | undefined = isVmNode(clicked) ? clicked : undefined;
  if (!node && isPolicyNode(clicked)) {
    const policy = current(services, clicked.policy);
    if (policy.virtualMachines.length === 1 && policy.virtualMachines[0]) {
      node = { kind: "vm", policy, vmId: policy.virtualMachines[0].id };
    } else {
      const picked = await vscode.window.showQuickPick(
        policy.virtualMachines.map((vm) => ({ label: vmNameFromId(vm.id), description: vm.ports.map((p) => p.number).join(", "), vmId: vm.id })),
        { title: vscode.l10n.t("Edit JIT policy \"{0}\"", policy.name), placeHolder: vscode.l10n.t("Choose the VM whose ports to change") },
      );
      if (picked) node = { kind: "vm", policy, vmId: picked.vmId };
    }
  }
  if (!node) {
    if (clicked === undefined) void vscode.window.showInformationMessage(vscode.l10n.t("Choose a VM in the Azure JIT view, then Edit JIT Policy…"));
    return;
  }
  const policy = current(services, node.policy);
  const ref = refOf(policy);
  const vmId = node.vmId;
  const before = policy.virtualMachines.find((vm) => sameId(vm.id, vmId))?.ports ?? [];
  const vmName = vmNameFromId(vmId);
  const after = await showPortForm({
    title: vscode.l10n.t("Edit JIT on {0}", vmName),
    saveDetail: vscode.l10n.t("Writes {0}; other VMs and ports stay as they are", where(ref)),
    ports: before,
    policyName: policy.name,
    vmIds: [vmId],
    allowEmpty: true,
  });
  if (!after) return;
  if (after.length === 0 && !(await confirmRemoval(policy, [vmId]))) return;
  await write(services, vscode.l10n.t("Edit JIT on {0}", vmName), ref, () =>
    applyVmEdits(services.accounts.jitApi(ref.subscriptionId), ref, [{ vmId, before, after }]),
  );
}

// ---- Disable ----

export async function disableJit(services: Services, clicked: unknown, selection: unknown): Promise<void> {
  const nodes = selectedNodes(clicked, selection).filter(isVmNode);
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Choose a VM in the Azure JIT view, then Disable JIT"));
    return;
  }
  const byPolicy = new Map<string, { policy: Policy; vmIds: string[] }>();
  for (const node of nodes) {
    const policy = current(services, node.policy);
    const entry = byPolicy.get(policy.id.toLowerCase()) ?? { policy, vmIds: [] };
    if (!entry.vmIds.some((id) => sameId(id, node.vmId))) entry.vmIds.push(node.vmId);
    byPolicy.set(policy.id.toLowerCase(), entry);
  }
  for (const { policy, vmIds } of byPolicy.values()) {
    if (!(await confirmRemoval(policy, vmIds))) return;
    const ref = refOf(policy);
    await write(services, vscode.l10n.t("Disable JIT on {0}", list(vmIds.map(vmNameFromId))), ref, () =>
      removeVms(services.accounts.jitApi(ref.subscriptionId), ref, vmIds),
    );
  }
}

async function confirmRemoval(policy: Policy, vmIds: string[]): Promise<boolean> {
  const names = vmIds.map(vmNameFromId);
  const ports = [...new Set(policy.virtualMachines.filter((vm) => vmIds.some((id) => sameId(id, vm.id))).flatMap((vm) => vm.ports.map((p) => p.number)))];
  const emptiesPolicy = policy.virtualMachines.every((vm) => vmIds.some((id) => sameId(id, vm.id)));
  const detail = [
    vscode.l10n.t("{0} will be removed from {1}.", list(names), where(refOf(policy))),
    ports.length > 0
      ? vscode.l10n.t("JIT stops guarding ports {0}: its deny rules are removed, so these ports are then as open as your other network security rules allow.", ports.join(", "))
      : "",
    emptiesPolicy ? vscode.l10n.t("No VM would be left in the policy, so the policy is deleted.") : vscode.l10n.t("Other VMs in the policy keep their ports."),
  ]
    .filter((s) => s !== "")
    .join("\n\n");
  const disable = vscode.l10n.t("Disable JIT");
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t("Disable JIT on {0}?", list(names)),
    { modal: true, detail },
    disable,
  );
  return choice === disable;
}

// ---- Delete ----

export async function deletePolicyCommand(services: Services, clicked: unknown): Promise<void> {
  if (!isPolicyNode(clicked)) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Choose a policy in the Azure JIT view, then Delete JIT Policy"));
    return;
  }
  const policy = current(services, clicked.policy);
  const ref = refOf(policy);
  const names = policy.virtualMachines.map((vm) => vmNameFromId(vm.id));
  const detail = [
    names.length > 0
      ? vscode.l10n.t("JIT stops protecting {0} VMs: {1}. Their JIT deny rules are removed, so their ports are then as open as your other network security rules allow.", names.length, list(names, 10))
      : vscode.l10n.t("The policy has no VMs."),
    vscode.l10n.t("The policy's request history is deleted with it. This cannot be undone."),
  ].join("\n\n");
  const remove = vscode.l10n.t("Delete Policy");
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t("Delete JIT {0}?", where(ref)), { modal: true, detail }, remove);
  if (choice !== remove) return;
  await write(services, vscode.l10n.t("Delete JIT {0}", where(ref)), ref, () => deletePolicy(services.accounts.jitApi(ref.subscriptionId), ref));
}

async function write(services: Services, what: string, ref: PolicyRef, run: () => ReturnType<typeof removeVms>): Promise<void> {
  try {
    const outcome = await withViewProgress(what, async () => {
      const result = await run();
      await afterWrite(services, ref, result);
      return result;
    });
    services.log.info(`manage: ${what}: ${outcome.kind}`);
    if (outcome.kind === "none") void vscode.window.showInformationMessage(vscode.l10n.t("{0}: nothing to change.", what));
  } catch (e) {
    await showWriteFailure(services, what, e);
  }
}
