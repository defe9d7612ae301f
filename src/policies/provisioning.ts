// Where ARM is with a policy's last PUT. A PUT answers "Updating" and the policy turns "Succeeded" a few seconds
// later (docs/azure-behaviour.md#put-answers-updating); until then the tree says "updating…" and the store keeps re-reading the policy.
// Any state other than the terminal ones counts as still going, so an unfamiliar state never looks finished.

export type ProvisioningPhase = "done" | "updating" | "failed";

export function provisioningPhase(state: string | undefined): ProvisioningPhase {
  if (state === undefined || state.trim() === "" || /^succeeded$/i.test(state)) return "done";
  if (/^(failed|canceled|cancelled)$/i.test(state)) return "failed";
  return "updating";
}
