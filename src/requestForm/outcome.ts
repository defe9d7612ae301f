// Turns the answer to one initiate call into a line per requested port: "open until 14:32" or what went wrong
// and what to do about it, in words a user can act on (never a bare service code).
import { t } from "../core/l10n";
import type { JitError } from "../core/errors";
import type { InitiateBody, JitRequest, Policy } from "../core/types";
import { checkSourceAllowed } from "../core/sourceAddress";
import { sameId } from "../core/resourceId";
import { findVm, vmLabel } from "./formModel";
import type { Phase, PortOutcome } from "./protocol";

function actionFor(error: JitError): string | undefined {
  switch (error.kind) {
    case "notSignedIn":
      return t("Sign in to Azure, then submit again.");
    case "forbidden":
      return error.permissions?.length
        ? t("Ask an administrator for: {0}.", error.permissions.join(", "))
        : t("Ask an administrator for permission to request JIT access.");
    case "notFound":
      return t("Refresh the policies: this policy or VM may have been removed.");
    case "ipv6":
      return t("Enter an IPv4 address or range as the source.");
    case "throttled":
      return error.retryAfterMs
        ? t("Azure is busy: wait {0} s and submit again.", Math.ceil(error.retryAfterMs / 1000))
        : t("Azure is busy: wait a moment and submit again.");
    case "network":
      return t("Check your network connection, then submit again.");
    case "notSubset":
      return t("Check the ports, source and duration against the policy, then submit again.");
    case "cancelled":
      return undefined;
    default:
      return error.correlationId
        ? t("If this keeps happening, quote correlation id {0}.", error.correlationId)
        : undefined;
  }
}

/** One outcome per port that was sent. */
export function outcomesFor(
  policy: Policy,
  body: InitiateBody,
  result: { request?: JitRequest; error?: JitError },
): PortOutcome[] {
  const out: PortOutcome[] = [];
  for (const vm of body.virtualMachines) {
    const vmName = vmLabel(vm.id);
    for (const sent of vm.ports) {
      const base = { vmId: vm.id, vmName, port: sent.number };
      if (result.request) {
        const answered = result.request.virtualMachines
          .find((v) => sameId(v.id, vm.id))
          ?.ports.find((p) => p.number === sent.number);
        out.push({
          ...base,
          ok: true,
          endTimeUtc: answered?.endTimeUtc ?? Date.parse(sent.endTimeUtc),
          status: answered?.status ?? "Initiating",
        });
        continue;
      }
      const error = result.error ?? {
        kind: "unknown" as const,
        message: t("The request failed for an unknown reason."),
      };
      let message = error.message;
      let action = actionFor(error);
      if (error.kind === "notSubset") {
        const rule = findVm(policy, vm.id)?.ports.find((r) => r.number === sent.number);
        if (rule) {
          const sourceProblem = checkSourceAllowed(sent.allowedSourceAddressPrefix, rule.allowedSourceAddressPrefixes);
          if (sourceProblem) {
            message = t(
              "Your source must be exactly {0} for this port.",
              rule.allowedSourceAddressPrefixes.join(t(" or ")),
            );
            action = t("Choose {0} as the source and submit again.", rule.allowedSourceAddressPrefixes[0] ?? "");
          }
        }
      }
      out.push({ ...base, ok: false, message, action });
    }
  }
  return out;
}

/** The results screen for these outcomes: one Connect button per VM with an opened port (ids compared as ARM does). */
export function resultsPhase(outcomes: PortOutcome[]): Extract<Phase, { kind: "done" }> {
  const connectVmIds: string[] = [];
  for (const o of outcomes) if (o.ok && !connectVmIds.some((id) => sameId(id, o.vmId))) connectVmIds.push(o.vmId);
  return { kind: "done", outcomes, connectVmIds };
}
