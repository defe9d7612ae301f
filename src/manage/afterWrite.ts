// What every manage command does around a write: progress in the JIT view, refresh + fast polling of the policy
// until Azure reports Succeeded (the tree shows "updating…" meanwhile), and one clear message on failure.
import * as vscode from "vscode";
import { isJitFailure } from "../azure/errors";
import type { PolicyRef } from "../core/resourceId";
import type { Services } from "../services";
import { describeWriteFailure, WriteConflict, type WriteOutcome } from "./policyWrite";
import { plainText } from "../core/inertText";

export function withViewProgress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: "azureJit.policies" }, title }, () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task),
  );
}

/** Makes the store and tree catch up with a write that just succeeded. */
export async function afterWrite(services: Services, ref: PolicyRef, outcome: WriteOutcome): Promise<void> {
  if (outcome.kind === "none") return;
  try {
    // A PUT answers "Updating" (docs/azure-behaviour.md#put-answers-updating): read it now so the tree shows the new VM list as "updating…",
    // then let the store poll until it settles. After a DELETE the read is a 404, on which the store drops it.
    await services.policies.refresh(ref);
  } catch (e) {
    if (!(isJitFailure(e) && e.error.kind === "notFound")) {
      services.log.warn(
        `manage: refresh after write of ${ref.name} (${ref.resourceGroup}/${ref.location}) failed: ${String(e)}`,
      );
    }
    return;
  }
  if (outcome.kind === "put") services.policies.watch(ref);
}

/** One error message for a failed write; a refused write names the permissions Azure wants. */
export async function showWriteFailure(services: Services, what: string, e: unknown): Promise<void> {
  const failure = describeWriteFailure(e);
  services.log.error(`manage: ${what}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ""}`);
  // azureJit.showRequiredPermissions lists the read permissions; a write needs its own list, so it is offered here.
  const copy = vscode.l10n.t("Copy Permissions");
  const showOutput = vscode.l10n.t("Show Output");
  const actions = failure.permissions.length > 0 ? [copy, showOutput] : [showOutput];
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t("{0}: {1}", plainText(what), failure.message),
    ...actions,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(failure.permissions.join("\n"));
  else if (choice === showOutput) services.log.show();
}

/** Runs one policy's write with progress, lets the tree catch up, and reports the outcome or the failure. */
export async function runWrite(
  services: Services,
  what: string,
  ref: PolicyRef,
  run: () => Promise<WriteOutcome>,
): Promise<void> {
  try {
    const outcome = await withViewProgress(what, async () => {
      const result = await run();
      await afterWrite(services, ref, result);
      return result;
    });
    services.log.info(`manage: ${what}: ${outcome.kind}`);
    if (outcome.kind === "none")
      void vscode.window.showInformationMessage(vscode.l10n.t("{0}: nothing to change.", plainText(what)));
  } catch (e) {
    // The policy changed under the user: show them what it is now, so "refresh and try again" starts from the truth.
    if (e instanceof WriteConflict) void services.policies.refresh(ref).catch(() => undefined);
    await showWriteFailure(services, what, e);
  }
}
