// azureJit.editPolicy: one VM's ports in the port form, opened on the policy as Azure has it now and saved as a
// three-way merge (src/core/policyEdit.ts), so whatever others changed meanwhile on ports the user left alone stays.
import * as vscode from "vscode";
import { planPolicyWrite, validateVmEdits, type VmEdit } from "../core/policyEdit";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { Services } from "../services";
import { runWrite } from "./afterWrite";
import { policyRefOf } from "../core/resourceId";
import { where } from "./confirmText";
import { readFresh, storedCopy } from "./freshRead";
import { isPolicyNode, isVmNode, type VmNodeArg } from "../tree/nodeGuards";
import { applyVmEdits } from "./policyWrite";
import { showPortForm } from "./portForm";
import { confirmRemoval } from "./removalConfirm";
import { plainText, quickPickText } from "../core/inertText";

export async function editPolicy(services: Services, clicked: unknown): Promise<void> {
  const node = await pickVm(services, clicked);
  if (!node) {
    if (clicked === undefined)
      void vscode.window.showInformationMessage(
        vscode.l10n.t("Choose a VM in the Azure JIT view, then Edit JIT Policy…"),
      );
    return;
  }
  const ref = policyRefOf(storedCopy(services, node.policy));
  const vmId = node.vmId;
  const vmName = vmNameFromId(vmId);
  const what = vscode.l10n.t("Edit JIT on {0}", vmName);

  const read = await readFresh(services, [ref], vscode.l10n.t("Reading {0}…", where(ref)), what);
  if (!read) return;
  const fresh = read[0];
  const before = fresh?.virtualMachines.find((vm) => sameId(vm.id, vmId))?.ports;
  if (!fresh || !before) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        "{0} is no longer in {1}: someone changed the policy. The JIT view now shows it as it is.",
        plainText(vmName),
        plainText(where(ref)),
      ),
    );
    return;
  }
  const after = await showPortForm({
    title: what,
    saveDetail: vscode.l10n.t("Writes {0}; other VMs and ports stay as they are", where(ref)),
    ports: before,
    validate: (saved) => validateVmEdits(ref.name, [{ vmId, before, after: saved }]).map((e) => e.message),
    allowEmpty: true,
  });
  if (!after) return;
  const edits: VmEdit[] = [{ vmId, before, after }];
  let mayDelete = false;
  if (after.length === 0) {
    const confirmed = await confirmRemoval(
      services,
      what,
      vscode.l10n.t("Remove JIT from {0}?", vmName),
      vscode.l10n.t("Remove JIT"),
      [{ ref, vmIds: [vmId], plan: (current) => planPolicyWrite(current, edits) }],
    );
    if (!confirmed) return;
    mayDelete = confirmed[0]?.deletesPolicy ?? false;
  }
  await runWrite(services, what, ref, () =>
    applyVmEdits(services.accounts.jitApi(ref.subscriptionId), ref, edits, { mayDelete }),
  );
}

async function pickVm(services: Services, clicked: unknown): Promise<VmNodeArg | undefined> {
  if (isVmNode(clicked)) return clicked;
  if (!isPolicyNode(clicked)) return undefined;
  const policy = storedCopy(services, clicked.policy);
  if (policy.virtualMachines.length === 1 && policy.virtualMachines[0]) {
    return { kind: "vm", policy, vmId: policy.virtualMachines[0].id };
  }
  const picked = await vscode.window.showQuickPick(
    policy.virtualMachines.map((vm) => ({
      label: quickPickText(vmNameFromId(vm.id)),
      description: vm.ports.map((p) => p.number).join(", "),
      vmId: vm.id,
    })),
    {
      title: vscode.l10n.t('Edit JIT policy "{0}"', quickPickText(policy.name)),
      placeHolder: vscode.l10n.t("Choose the VM whose ports to change"),
    },
  );
  return picked ? { kind: "vm", policy, vmId: picked.vmId } : undefined;
}
