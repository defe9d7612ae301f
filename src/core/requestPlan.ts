// Turns what the user chose into one initiate body for a policy, or field errors that name the field and the
// rule — before anything is sent. The same rules run in the webview (live) and on the host (the authority).
import type { InitiateBody, Policy, PortRule } from "./types";
import { humanDuration, MAX_ACCESS_MS, MIN_ACCESS_MS, parseIsoDuration } from "./duration";
import { checkSourceAllowed, parseSource } from "./sourceAddress";
import { sameId, vmNameFromId } from "./resourceId";
import { t } from "./l10n";

export const MAX_JUSTIFICATION_LENGTH = 1000;
/** NSG rule descriptions are capped at 140 characters, 84 of them fixed: policy name + VM name ≤ 56 (docs/azure-behaviour.md#policy-and-vm-names-56-characters). */
export const MAX_POLICY_PLUS_VM_NAME = 56;
/** The largest time a JavaScript Date holds (ECMA-262 §21.4.1.1: ±8.64e15 ms from the epoch). */
const MAX_DATE_MS = 8.64e15;

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

/**
 * The longest access a port allows, never above the service's own ceiling of one day
 * (docs/azure-behaviour.md#policy-maxima-one-day). A larger maximum ("P2D", or "P999…9D", which does not parse) is
 * planned as one day rather than refused: the service grants at most a day whatever the policy says, so a day is
 * what the policy can give, and refusing would lock the user out of a port the policy does open.
 */
export function portMaxMs(rule: PortRule): number {
  const parsed = parseIsoDuration(rule.maxRequestAccessDuration);
  return parsed.ok ? Math.min(parsed.ms, MAX_ACCESS_MS) : MAX_ACCESS_MS;
}

/** The longest duration every selected port allows (Infinity when no port of the policy is selected). */
export function maxDurationMs(policy: Policy, vms: AccessChoice["vms"]): number {
  let max = Infinity;
  for (const vm of vms) {
    for (const number of vm.ports) {
      const rule = portRule(policy, vm.vmId, number);
      if (rule) max = Math.min(max, portMaxMs(rule));
    }
  }
  return max;
}

/**
 * Plans one initiate call for `choice.policy`, or lists every field error at once. `serverNowMs` is the
 * server-corrected now (ServerClock): endTimeUtc = now + duration, which the per-port check keeps at or under each
 * port's maximum. An undefined source is left out of the body so Azure uses the caller's public IP; an any-source
 * choice is planned like any other (confirming it is the UI's job).
 */
export function planInitiate(choice: AccessChoice, serverNowMs: number): PlanResult {
  const { policy } = choice;
  const errors: FieldError[] = [];
  const selected = mergeSelection(choice.vms);

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

  // From the webview or a setting: NaN, ±Infinity, 1e300 and negative numbers are field errors, never a throw.
  const durationMs = choice.durationMs;
  let durationOk = false;
  if (typeof durationMs !== "number" || Number.isNaN(durationMs)) {
    errors.push({ field: "duration", message: t("Duration is not a number of minutes.") });
  } else if (durationMs < MIN_ACCESS_MS) {
    errors.push({ field: "duration", message: t("Duration must be at least 5 minutes.") });
  } else if (durationMs > MAX_ACCESS_MS) {
    errors.push({
      field: "duration",
      message: t("Duration {0} is over the maximum of 1 day.", humanDuration(Math.min(durationMs, 1e15))),
    });
  } else {
    durationOk = true;
  }

  const justification = choice.justification?.trim() ?? "";
  if (justification.length > MAX_JUSTIFICATION_LENGTH) {
    errors.push({
      field: "justification",
      message: t(
        "Justification is {0} characters long; the limit is {1}.",
        justification.length,
        MAX_JUSTIFICATION_LENGTH,
      ),
    });
  } else if (choice.requireJustification && justification === "") {
    errors.push({
      field: "justification",
      message: t("A justification is required by your settings (azureJit.requireJustification)."),
    });
  }

  const end = serverNowMs + durationMs;
  // new Date(x).toISOString() throws past ±8.64e15 ms (year 275760): a broken clock is an error, not a crash.
  const endOk = Number.isFinite(end) && Math.abs(end) <= MAX_DATE_MS;
  if (durationOk && !endOk) {
    errors.push({
      field: "duration",
      message: t("The end time cannot be computed: the current time is not a usable date."),
    });
  }
  const endTimeUtc = durationOk && endOk ? new Date(end).toISOString() : "";
  const body: InitiateBody = { virtualMachines: [] };
  for (const vm of selected) {
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
          'Policy name "{0}" plus VM name "{1}" are {2} characters; Azure allows at most {3}, so this request would fail.',
          policy.name,
          vmName,
          policy.name.length + vmName.length,
          MAX_POLICY_PLUS_VM_NAME,
        ),
      });
    }
    const ports: InitiateBody["virtualMachines"][number]["ports"] = [];
    for (const number of vm.ports) {
      const rule = policyVm.ports.find((p) => p.number === number);
      if (!rule) {
        errors.push({
          field: "ports",
          vmId: vm.vmId,
          port: number,
          message: t("Port {0} is not in the JIT policy of VM {1}.", number, vmName),
        });
        continue;
      }
      const max = portMaxMs(rule);
      if (durationOk && durationMs > max) {
        errors.push({
          field: "duration",
          vmId: vm.vmId,
          port: number,
          message: t(
            "Duration {0} is over the maximum of {1} for port {2} of {3}.",
            humanDuration(durationMs),
            humanDuration(max),
            number,
            vmName,
          ),
        });
      }
      let sent = source;
      if (choice.source === undefined || source !== undefined) {
        const refused = checkSourceAllowed(source, rule.allowedSourceAddressPrefixes);
        if (refused)
          errors.push({
            field: "source",
            vmId: vm.vmId,
            port: number,
            message: t("Port {0} of {1}: {2}", number, vmName, refused),
          });
        else if (source !== undefined) sent = policySpelling(source, rule.allowedSourceAddressPrefixes);
      }
      ports.push(
        sent === undefined ? { number, endTimeUtc } : { number, allowedSourceAddressPrefix: sent, endTimeUtc },
      );
    }
    if (ports.length) body.virtualMachines.push({ id: policyVm.id, ports });
  }

  if (errors.length) return { ok: false, errors };
  if (justification) body.justification = justification;
  return { ok: true, body };
}

/** VMs with at least one port, each VM once (ids compare case-insensitively), each port once, in the given order. */
function mergeSelection(vms: AccessChoice["vms"]): AccessChoice["vms"] {
  const merged: AccessChoice["vms"] = [];
  for (const vm of vms) {
    if (vm.ports.length === 0) continue;
    const existing = merged.find((m) => sameId(m.vmId, vm.vmId));
    if (existing) existing.ports = [...new Set([...existing.ports, ...vm.ports])];
    else merged.push({ vmId: vm.vmId, ports: [...new Set(vm.ports)] });
  }
  return merged;
}

/**
 * The service checks the request's prefix against the policy's exactly
 * (docs/azure-behaviour.md#source-prefixes-match-exactly), so when the policy
 * writes the chosen source differently ("203.0.113.7/32" for "203.0.113.7"), send the policy's spelling.
 */
function policySpelling(source: string, allowed: string[]): string {
  const key = (prefix: string) => prefix.trim().toLowerCase().replace(/\/32$/, "");
  return allowed.find((prefix) => key(prefix) === key(source))?.trim() ?? source;
}
