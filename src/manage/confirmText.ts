// What the Disable / Remove / Delete confirmations say, built from the policy just re-read and the plan that will
// be written, so the modal lists what really changes (VMs added since the last poll included). No vscode here:
// unit-tested; core's t() is vscode.l10n.t in the extension.
import { t } from "../core/l10n";
import type { WritePlan } from "../core/policyEdit";
import { sameId, vmNameFromId, type PolicyRef } from "../core/resourceId";
import type { Policy, PolicyVm } from "../core/types";

export function where(ref: PolicyRef): string {
  return t('policy "{0}" ({1}, {2})', ref.name, ref.resourceGroup, ref.location);
}

export function list(names: string[], max = 5): string {
  return names.length <= max
    ? names.join(", ")
    : t("{0} and {1} more", names.slice(0, max).join(", "), names.length - max);
}

/** What one policy's write takes away, computed from the list just read and the plan for it. */
export interface RemovalSummary {
  ref: PolicyRef;
  /** VMs that leave the policy. */
  leaving: Array<{ vmId: string; ports: number[] }>;
  /** VMs that stay but lose ports (e.g. someone added a port after the form opened, which is kept). */
  narrowed: Array<{ vmId: string; ports: number[] }>;
  /** VMs the user chose that are no longer in the policy. */
  alreadyGone: string[];
  deletesPolicy: boolean;
  /** VMs other than the leaving ones that keep their ports. */
  othersKept: number;
}

export function summarizeRemoval(
  ref: PolicyRef,
  current: PolicyVm[] | undefined,
  chosenVmIds: string[],
  plan: WritePlan,
): RemovalSummary {
  const now = current ?? [];
  const after = plan.kind === "put" ? plan.virtualMachines : plan.kind === "delete" ? [] : now;
  const leaving: RemovalSummary["leaving"] = [];
  const narrowed: RemovalSummary["narrowed"] = [];
  for (const vm of now) {
    const kept = after.find((v) => sameId(v.id, vm.id));
    const lost = vm.ports.map((p) => p.number).filter((n) => !kept?.ports.some((p) => p.number === n));
    if (!kept) leaving.push({ vmId: vm.id, ports: lost });
    else if (lost.length > 0) narrowed.push({ vmId: vm.id, ports: lost });
  }
  return {
    ref,
    leaving,
    narrowed,
    alreadyGone: chosenVmIds.filter((id) => !now.some((vm) => sameId(vm.id, id))),
    deletesPolicy: plan.kind === "delete",
    othersKept: after.filter((v) => !narrowed.some((n) => sameId(n.vmId, v.id))).length,
  };
}

export function changesAnything(summary: RemovalSummary): boolean {
  return summary.leaving.length > 0 || summary.narrowed.length > 0 || summary.deletesPolicy;
}

/** The modal's detail: one paragraph per policy, then what removing JIT means for the ports. */
export function removalDetail(summaries: RemovalSummary[]): string {
  const paragraphs: string[] = [];
  for (const s of summaries) {
    const lines: string[] = [];
    if (s.leaving.length > 0) {
      lines.push(
        t(
          "{0} will be removed from {1}.",
          list(
            s.leaving.map((v) => vmNameFromId(v.vmId)),
            10,
          ),
          where(s.ref),
        ),
      );
      const ports = portList(s.leaving);
      if (ports !== "") lines.push(t("JIT stops guarding ports {0}.", ports));
    }
    for (const vm of s.narrowed) {
      lines.push(
        t(
          "{0} stays in {1} with ports added since the form opened; JIT stops guarding ports {2}.",
          vmNameFromId(vm.vmId),
          where(s.ref),
          vm.ports.join(", "),
        ),
      );
    }
    if (s.alreadyGone.length > 0) {
      lines.push(t("Already not in {0}: {1}.", where(s.ref), list(s.alreadyGone.map(vmNameFromId))));
    }
    if (s.deletesPolicy) {
      lines.push(
        t("No VM would be left, so the policy is deleted, and its request history with it. This cannot be undone."),
      );
    } else if (changesAnything(s) && s.othersKept > 0) {
      lines.push(t("Other VMs in the policy keep their ports."));
    }
    if (lines.length > 0) paragraphs.push(lines.join(" "));
  }
  if (summaries.some(changesAnything)) {
    paragraphs.push(
      t(
        "Their JIT deny rules are removed, so these ports are then as open as your other network security rules allow.",
      ),
    );
  }
  return paragraphs.join("\n\n");
}

/** Delete Policy's detail, from the policy just re-read. */
export function deleteDetail(policy: Policy): string {
  const names = policy.virtualMachines.map((vm) => vmNameFromId(vm.id));
  return [
    names.length > 0
      ? t(
          "JIT stops protecting {0} VMs: {1}. Their JIT deny rules are removed, so their ports are then as open as your other network security rules allow.",
          names.length,
          list(names, 10),
        )
      : t("The policy has no VMs."),
    t("The policy's request history is deleted with it. This cannot be undone."),
  ].join("\n\n");
}

function portList(vms: Array<{ vmId: string; ports: number[] }>): string {
  return [...new Set(vms.flatMap((v) => v.ports))].join(", ");
}
