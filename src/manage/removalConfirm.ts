// The one modal in front of every write that takes JIT away (Disable, removing a VM's last port): it re-reads the
// policies first and lists what the writes will really remove, across all policies at once, so cancelling leaves
// everything as it was.
import * as vscode from "vscode";
import type { WritePlan } from "../core/policyEdit";
import type { PolicyRef } from "../core/resourceId";
import type { PolicyVm } from "../core/types";
import type { Services } from "../services";
import { changesAnything, removalDetail, summarizeRemoval, type RemovalSummary } from "./confirmText";
import { readFresh } from "./freshRead";
import { plainText } from "../core/inertText";

export interface PlannedRemoval {
  ref: PolicyRef;
  vmIds: string[];
  /** The plan the write will compute, applied here to the list just read to say what it changes. */
  plan: (current: PolicyVm[] | undefined) => WritePlan;
}

/** Resolves with one summary per item (same order) once the user confirmed, or undefined when nothing is to be done. */
export async function confirmRemoval(
  services: Services,
  what: string,
  title: string,
  button: string,
  items: PlannedRemoval[],
): Promise<RemovalSummary[] | undefined> {
  const fresh = await readFresh(
    services,
    items.map((i) => i.ref),
    vscode.l10n.t("Reading the current policies…"),
    what,
  );
  if (!fresh) return undefined;
  const summaries = items.map((item, i) => {
    const current = fresh[i]?.virtualMachines;
    return summarizeRemoval(item.ref, current, item.vmIds, item.plan(current));
  });
  if (!summaries.some(changesAnything)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("{0}: nothing to change; the VMs are no longer in their policies.", plainText(what)),
    );
    return undefined;
  }
  const choice = await vscode.window.showWarningMessage(
    plainText(title),
    { modal: true, detail: removalDetail(summaries) },
    button,
  );
  return choice === button ? summaries : undefined;
}
