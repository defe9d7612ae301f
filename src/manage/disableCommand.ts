// azureJit.disableJit: takes the selected VMs out of their policies. One confirmation for every policy involved,
// then the writes, so a cancel never leaves some policies changed and others not.
import * as vscode from "vscode";
import { planDisable } from "../core/policyEdit";
import { sameId, vmNameFromId, type PolicyRef } from "../core/resourceId";
import type { Services } from "../services";
import { runWrite } from "./afterWrite";
import { policyRefOf } from "../core/resourceId";
import { changesAnything, list } from "./confirmText";
import { storedCopy } from "./freshRead";
import { isVmNode, selectedNodes } from "../tree/nodeGuards";
import { removeVms } from "./policyWrite";
import { confirmRemoval } from "./removalConfirm";

export async function disableJit(services: Services, clicked: unknown, selection: unknown): Promise<void> {
  const nodes = selectedNodes(clicked, selection).filter(isVmNode);
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Choose a VM in the Azure JIT view, then Disable JIT"));
    return;
  }
  const byPolicy = new Map<string, { ref: PolicyRef; vmIds: string[] }>();
  for (const node of nodes) {
    const policy = storedCopy(services, node.policy);
    const entry = byPolicy.get(policy.id.toLowerCase()) ?? { ref: policyRefOf(policy), vmIds: [] };
    if (!entry.vmIds.some((id) => sameId(id, node.vmId))) entry.vmIds.push(node.vmId);
    byPolicy.set(policy.id.toLowerCase(), entry);
  }
  const groups = [...byPolicy.values()];
  const names = list(groups.flatMap((g) => g.vmIds.map(vmNameFromId)));
  const what = vscode.l10n.t("Disable JIT on {0}", names);
  const confirmed = await confirmRemoval(
    services,
    what,
    vscode.l10n.t("Disable JIT on {0}?", names),
    vscode.l10n.t("Disable JIT"),
    groups.map(({ ref, vmIds }) => ({ ref, vmIds, plan: (current) => planDisable(current, vmIds) })),
  );
  if (!confirmed) return;
  await Promise.all(
    groups.map(async ({ ref, vmIds }, i) => {
      const summary = confirmed[i];
      if (!summary || !changesAnything(summary)) return;
      await runWrite(services, vscode.l10n.t("Disable JIT on {0}", list(vmIds.map(vmNameFromId))), ref, () =>
        removeVms(services.accounts.jitApi(ref.subscriptionId), ref, vmIds, { mayDelete: summary.deletesPolicy }),
      );
    }),
  );
}
