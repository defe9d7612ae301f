// The request tool's plan, built with the request form's own rules (src/requestForm/formModel.ts) so a request
// through the tool is the request the form would send for the same choice; and what the user confirms.
import { humanDuration, MAX_ACCESS_MS, MIN_ACCESS_MS, MINUTE_MS } from "../core/duration";
import { t } from "../core/l10n";
import type { AccessChoice, FieldError } from "../core/requestPlan";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { InitiateBody, Policy, Subscription } from "../core/types";
import { adviseSource, checkValues, defaultDurationMs, preferredPort, selectionMaxMs } from "../requestForm/formModel";
import type { FormSettings, FormValues } from "../requestForm/protocol";
import { findVm, subscriptionName } from "./listing";
import { type RequestInput } from "./toolInput";

/** One initiate: one policy, the VMs and ports the request names in it, and what the form would send for them. */
export interface ToolRequest {
  policy: Policy;
  subscription: string;
  choice: AccessChoice;
  /** The initiate body the form's checkValues planned for the choice at the plan's server time. */
  body: InitiateBody;
  values: FormValues;
  /** Why the source is not the caller's public IP, when the port only accepts a given range. */
  sourceReason?: string;
}

export type RequestPlanResult = { ok: true; requests: ToolRequest[] } | { ok: false; errors: string[] };

function describeFieldError(e: FieldError): string {
  const where = e.vmId ? ` (${vmNameFromId(e.vmId)}${e.port !== undefined ? ` port ${e.port}` : ""})` : "";
  return `${e.field}${where}: ${e.message}`;
}

/**
 * The request the form would send for the same choice: its preselected port (one, the usual remote-shell one),
 * its source (the caller's public IP unless the port only accepts a range), its default duration clamped to the
 * ports' maximum, its justification template, validated by the form's own rules. Nothing here sends anything.
 */
export function planToolRequest(
  input: RequestInput,
  policies: readonly Policy[],
  subscriptions: readonly Subscription[],
  settings: FormSettings,
  serverNowMs: number,
): RequestPlanResult {
  const errors: string[] = [];
  const groups: Array<{ policy: Policy; vms: FormValues["vms"] }> = [];
  input.targets.forEach((target, i) => {
    const found = findVm(policies, subscriptions, target);
    if (!found.ok) {
      errors.push(`targets[${i}].${found.error}`);
      return;
    }
    const ports = target.ports ?? [preferredPort(found.vm)].filter((p): p is number => p !== undefined);
    let group = groups.find((g) => sameId(g.policy.id, found.policy.id));
    if (!group) groups.push((group = { policy: found.policy, vms: [] }));
    group.vms.push({ vmId: found.vm.id, ports });
  });
  if (input.durationMinutes !== undefined) {
    const ms = input.durationMinutes * MINUTE_MS;
    if (ms < MIN_ACCESS_MS || ms > MAX_ACCESS_MS)
      errors.push(t("durationMinutes: must be from {0} to {1}.", MIN_ACCESS_MS / MINUTE_MS, MAX_ACCESS_MS / MINUTE_MS));
  }
  if (errors.length) return { ok: false, errors };

  const requests: ToolRequest[] = [];
  for (const { policy, vms } of groups) {
    const advice = adviseSource(policy, vms);
    const values: FormValues = {
      vms,
      source: input.source !== undefined ? { kind: "custom", text: input.source } : advice.source,
      durationMs:
        input.durationMinutes !== undefined
          ? input.durationMinutes * MINUTE_MS
          : defaultDurationMs(settings.defaultDuration, selectionMaxMs(policy, vms)),
      justification: input.justification ?? settings.justificationTemplate,
      confirmAnySource: false,
    };
    const checked = checkValues(policy, values, settings, serverNowMs);
    if (!checked.ok) {
      errors.push(...checked.errors.map(describeFieldError));
      continue;
    }
    requests.push({
      policy,
      subscription: subscriptionName(policy, subscriptions),
      choice: checked.choice,
      body: checked.body,
      values,
      ...(input.source === undefined && advice.reason ? { sourceReason: advice.reason } : {}),
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, requests };
}

/** "port 22 of web-02" lines of one planned request. */
function portsText(request: ToolRequest): string {
  return request.choice.vms.map((vm) => t("port {0} of {1}", vm.ports.join(", "), vmNameFromId(vm.vmId))).join("; ");
}

function sourceText(request: ToolRequest): string {
  return request.choice.source === undefined ? t("your public IP address (Azure fills it in)") : request.choice.source;
}

/** What will open, from where, for how long: the confirmation the user answers before anything is sent. */
export function confirmationText(requests: readonly ToolRequest[], serverNowMs: number): string {
  return requests
    .map((r) => {
      const until = new Date(serverNowMs + r.choice.durationMs).toISOString().slice(11, 16);
      const lines = [
        t(
          "Open {0} — from {1} — for {2} (until about {3} UTC).",
          portsText(r),
          sourceText(r),
          humanDuration(r.choice.durationMs),
          until,
        ),
        t("Policy {0}, resource group {1}, subscription {2}.", r.policy.name, r.policy.resourceGroup, r.subscription),
      ];
      if (r.sourceReason) lines.push(r.sourceReason);
      if (r.choice.justification) lines.push(t("Justification: {0}", r.choice.justification));
      return lines.join("\n");
    })
    .join("\n\n");
}

/** Field errors in words the model can act on: what to change, and that nothing was sent. */
export function refusalText(errors: readonly string[]): string {
  return [t("Nothing was requested. Fix these fields and call the tool again:"), ...errors.map((e) => `- ${e}`)].join(
    "\n",
  );
}
