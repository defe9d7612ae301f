// The one send step every request path shares once the user (or the agent tool's confirmation) has decided: plan
// the initiate body with server time, mark each port in flight, send it, remember what Azure granted and watch the
// policy. No UI of its own: callers say what happened in their own place (a notification, the tool's answer).
import { toJitError } from "../azure/errors";
import type { JitError } from "../core/errors";
import { t } from "../core/l10n";
import { planInitiate, type AccessChoice, type FieldError } from "../core/requestPlan";
import { parsePolicyId, sameId, vmNameFromId } from "../core/resourceId";
import type { InitiateBody, JitRequest } from "../core/types";
import type { Services } from "../services";
import { GrantMemory } from "./grantMemory";
import { addPendingRequest } from "./pending";

export type InitiateOutcome =
  | { ok: true; request: JitRequest; body: InitiateBody; requestedAtMs: number }
  | { ok: false; errors: FieldError[] }
  | { ok: false; error: JitError };

/** Plans `choice` (nothing is sent when a field rule fails) and sends it: Azure's 202 answer, or why not. */
export async function initiateChoice(services: Services, choice: AccessChoice): Promise<InitiateOutcome> {
  const requestedAtMs = services.serverNow();
  const plan = planInitiate(choice, requestedAtMs);
  if (!plan.ok) return plan;
  const ref = parsePolicyId(choice.policy.id);
  if (!ref) return { ok: false, errors: [{ field: "vms", message: t("The policy id {0} is not an Azure resource id.", choice.policy.id) }] };

  const done = plan.body.virtualMachines.flatMap((vm) =>
    vm.ports.map((p) => addPendingRequest({ vmName: vmNameFromId(vm.id) || vm.id, port: p.number, policyId: choice.policy.id, vmId: vm.id })),
  );
  try {
    const request = await services.accounts.jitApi(choice.policy.subscriptionId).initiate(ref, plan.body);
    const { vms, source, durationMs, justification } = choice;
    await GrantMemory.forContext(services.context).rememberRequested({ policyId: choice.policy.id, vms, source, durationMs, justification, requestedAtMs }, request);
    services.policies.watch(ref);
    return { ok: true, request, body: plan.body, requestedAtMs };
  } catch (e) {
    const allowedSources = [
      ...new Set(
        choice.vms.flatMap((v) =>
          v.ports.flatMap((n) => choice.policy.virtualMachines.find((vm) => sameId(vm.id, v.vmId))?.ports.find((r) => r.number === n)?.allowedSourceAddressPrefixes ?? []),
        ),
      ),
    ];
    return { ok: false, error: toJitError(e, "request", { allowedSources }) };
  } finally {
    for (const d of done) d();
  }
}
