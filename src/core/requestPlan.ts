// Turns what the user chose into one initiate body for a policy, or field errors that name the field and the
// rule — before anything is sent. The same rules run in the webview (live) and on the host (the authority).
import type { InitiateBody, Policy, PortRule } from "./types";
import { humanDuration, MIN_ACCESS_MS, parseIsoDuration } from "./duration";
import { checkSourceAllowed, parseSource } from "./sourceAddress";
import { sameId, vmNameFromId } from "./resourceId";
import { t } from "./l10n";

export const MAX_JUSTIFICATION_LENGTH = 1000;
/** NSG rule descriptions are capped at 140 characters, 84 of them fixed: policy name + VM name ≤ 56. */
export const MAX_POLICY_PLUS_VM_NAME = 56;

export interface AccessChoice {
  policy: Policy;
  vms: Array<{ vmId: string; ports: number[] }>;
  /** undefined = the caller's public IP, which Azure fills in. */
  source?: string;
  durationMs: number;
  justification?: string;
  requireJustification?: boolean;
}

export interface FieldError {
  field: "vms" | "ports" | "source" | "duration" | "justification";
  vmId?: string;
  port?: number;
  message: string;
}

export type PlanResult = { ok: true; body: InitiateBody } | { ok: false; errors: FieldError[] };

export function portRule(policy: Policy, vmId: string, portNumber: number): PortRule | undefined {
  return policy.virtualMachines.find((vm) => sameId(vm.id, vmId))?.ports.find((p) => p.number === portNumber);
}

/** The longest duration every selected port allows (Infinity when none is selected or none parses). */
export function maxDurationMs(policy: Policy, vms: AccessChoice["vms"]): number {
  let max = Infinity;
  for (const vm of vms) {
    for (const number of vm.ports) {
      const rule = portRule(policy, vm.vmId, number);
      const parsed = rule ? parseIsoDuration(rule.maxRequestAccessDuration) : undefined;
      if (parsed?.ok) max = Math.min(max, parsed.ms);
    }
  }
  return max;
}

export function planInitiate(choice: AccessChoice, serverNowMs: number): PlanResult {
  const { policy } = choice;
  const errors: FieldError[] = [];
  const selected = choice.vms.filter((vm) => vm.ports.length > 0);

  if (choice.vms.length === 0) {
    errors.push({ field: "vms", message: t("Select at least one VM.") });
  } else if (selected.length === 0) {
    errors.push({ field: "ports", message: t("Select at least one port.") });
  }

  let source: string | undefined;
  if (choice.source !== undefined) {
    const parsed = parseSource(choice.source);
    if (parsed.ok) source = parsed.source.text;
    else errors.push({ field: "source", message: parsed.error });
  }

  if (!Number.isFinite(choice.durationMs) || choice.durationMs < MIN_ACCESS_MS) {
    errors.push({ field: "duration", message: t("Duration must be at least 5 minutes.") });
  }

  const justification = choice.justification?.trim() ?? "";
  if (justification.length > MAX_JUSTIFICATION_LENGTH) {
    errors.push({
      field: "justification",
      message: t("Justification is {0} characters long; the limit is {1}.", justification.length, MAX_JUSTIFICATION_LENGTH),
    });
  } else if (choice.requireJustification && justification === "") {
    errors.push({ field: "justification", message: t("A justification is required by your settings (azureJit.requireJustification).") });
  }

  const endTimeUtc = new Date(serverNowMs + choice.durationMs).toISOString();
  const body: InitiateBody = { virtualMachines: [] };
  for (const vm of choice.vms) {
    const policyVm = policy.virtualMachines.find((v) => sameId(v.id, vm.vmId));
    const vmName = vmNameFromId(vm.vmId);
    if (!policyVm) {
      errors.push({ field: "vms", vmId: vm.vmId, message: t("VM {0} is not in policy {1}.", vmName, policy.name) });
      continue;
    }
    if (policy.name.length + vmName.length > MAX_POLICY_PLUS_VM_NAME) {
      errors.push({
        field: "vms",
        vmId: vm.vmId,
        message: t(
          "Policy name \"{0}\" plus VM name \"{1}\" are {2} characters; Azure allows at most {3}, so this request would fail.",
          policy.name,
          vmName,
          policy.name.length + vmName.length,
          MAX_POLICY_PLUS_VM_NAME,
        ),
      });
    }
    const ports: InitiateBody["virtualMachines"][number]["ports"] = [];
    for (const number of [...new Set(vm.ports)]) {
      const rule = policyVm.ports.find((p) => p.number === number);
      if (!rule) {
        errors.push({ field: "ports", vmId: vm.vmId, port: number, message: t("Port {0} is not in the JIT policy of VM {1}.", number, vmName) });
        continue;
      }
      const max = parseIsoDuration(rule.maxRequestAccessDuration);
      if (max.ok && choice.durationMs > max.ms) {
        errors.push({
          field: "duration",
          vmId: vm.vmId,
          port: number,
          message: t("Duration {0} is over the maximum of {1} for port {2} of {3}.", humanDuration(choice.durationMs), humanDuration(max.ms), number, vmName),
        });
      }
      if (choice.source === undefined || source !== undefined) {
        const refused = checkSourceAllowed(source, rule.allowedSourceAddressPrefixes);
        if (refused) errors.push({ field: "source", vmId: vm.vmId, port: number, message: t("Port {0} of {1}: {2}", number, vmName, refused) });
      }
      ports.push(source === undefined ? { number, endTimeUtc } : { number, allowedSourceAddressPrefix: source, endTimeUtc });
    }
    if (ports.length) body.virtualMachines.push({ id: policyVm.id, ports });
  }

  if (errors.length) return { ok: false, errors };
  if (justification) body.justification = justification;
  return { ok: true, body };
}
