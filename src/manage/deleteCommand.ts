// azureJit.deletePolicy: re-reads the policy so the confirmation lists every VM that loses JIT (VMs added since
// the tree's last poll included), and deletes only if no VM joined after the user confirmed.
import * as vscode from "vscode";
import type { Services } from "../services";
import { runWrite } from "./afterWrite";
import { policyRefOf } from "../core/resourceId";
import { deleteDetail, where } from "./confirmText";
import { readFresh, storedCopy } from "./freshRead";
import { isPolicyNode } from "../tree/nodeGuards";
import { deletePolicy } from "./policyWrite";
import { plainText } from "../core/inertText";

export async function deletePolicyCommand(services: Services, clicked: unknown): Promise<void> {
  if (!isPolicyNode(clicked)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Choose a policy in the Azure JIT view, then Delete JIT Policy"),
    );
    return;
  }
  const ref = policyRefOf(storedCopy(services, clicked.policy));
  const what = vscode.l10n.t("Delete JIT {0}", where(ref));
  const read = await readFresh(services, [ref], vscode.l10n.t("Reading {0}…", where(ref)), what);
  if (!read) return;
  const fresh = read[0];
  if (!fresh) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("{0} no longer exists; nothing to delete.", plainText(where(ref))),
    );
    return;
  }
  const remove = vscode.l10n.t("Delete Policy");
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t("Delete JIT {0}?", plainText(where(ref))),
    { modal: true, detail: deleteDetail(fresh) },
    remove,
  );
  if (choice !== remove) return;
  const confirmedVmIds = fresh.virtualMachines.map((vm) => vm.id);
  await runWrite(services, what, ref, () =>
    deletePolicy(services.accounts.jitApi(ref.subscriptionId), ref, confirmedVmIds),
  );
}
