// The request form's rules, pure and shared: the webview bundles this file for live validation and the host runs
// the same code again on submit (the host is the authority). Everything here builds on src/core's planning rules.
import { t } from "../core/l10n";
import type { InitiateBody, Policy, PolicyVm, PortRule } from "../core/types";
import { humanDuration, MAX_ACCESS_MS, MIN_ACCESS_MS, parseIsoDuration } from "../core/duration";
import { isAnySource } from "../core/sourceAddress";
import { planInitiate, maxDurationMs, type AccessChoice, type FieldError } from "../core/requestPlan";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { FormSettings, FormValues, SourceValue } from "./protocol";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Offered durations; the selected ports' maximum (and the configured default) are added when not listed. */
const STANDARD_DURATIONS = [
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  4 * HOUR,
  6 * HOUR,
  8 * HOUR,
  12 * HOUR,
  24 * HOUR,
];
/** Ports preselected on a VM, least access first: one port, the usual remote-shell one. */
const PREFERRED_PORTS = [22, 3389, 5986, 5985];

export function findVm(policy: Policy, vmId: string): PolicyVm | undefined {
  return policy.virtualMachines.find((vm) => sameId(vm.id, vmId));
}

export function vmLabel(vmId: string): string {
  return vmNameFromId(vmId) || vmId;
}

/**
 * Max duration of one port rule in ms, capped at one day as planning caps it (src/core/requestPlan.ts portMaxMs,
 * docs/azure-behaviour.md#policy-maxima-one-day): a "P2D" port reads "up to 1 d", what a request can get.
 * undefined when the policy holds a value we can't parse.
 */
export function portMaxMs(rule: PortRule): number | undefined {
  const parsed = parseIsoDuration(rule.maxRequestAccessDuration);
  return parsed.ok ? Math.min(parsed.ms, MAX_ACCESS_MS) : undefined;
}

export function allowsAnySource(rule: PortRule): boolean {
  return rule.allowedSourceAddressPrefixes.some(isAnySource);
}

/** The port to preselect when a VM is chosen without a port: just one, the usual remote-shell one. */
export function preferredPort(vm: PolicyVm): number | undefined {
  for (const p of PREFERRED_PORTS) if (vm.ports.some((r) => r.number === p)) return p;
  return vm.ports[0]?.number;
}

function selectedRules(policy: Policy, vms: FormValues["vms"]): Array<{ vm: PolicyVm; rule: PortRule }> {
  const out: Array<{ vm: PolicyVm; rule: PortRule }> = [];
  for (const sel of vms) {
    const vm = findVm(policy, sel.vmId);
    if (!vm) continue;
    for (const n of sel.ports) {
      const rule = vm.ports.find((r) => r.number === n);
      if (rule) out.push({ vm, rule });
    }
  }
  return out;
}

/** The smallest maximum of the selected ports (24 h when nothing is selected yet). */
export function selectionMaxMs(policy: Policy, vms: FormValues["vms"]): number {
  if (!vms.some((v) => v.ports.length > 0)) return MAX_ACCESS_MS;
  const max = maxDurationMs(policy, vms);
  return Number.isFinite(max) && max > 0 ? Math.min(max, MAX_ACCESS_MS) : MAX_ACCESS_MS;
}

/** The configured default duration, clamped to the selection's maximum. */
export function defaultDurationMs(settingIso: string, maxMs: number): number {
  const parsed = parseIsoDuration(settingIso);
  const wanted = parsed.ok ? parsed.ms : HOUR;
  return Math.max(Math.min(wanted, maxMs), Math.min(MIN_ACCESS_MS, maxMs));
}

/** Duration choices up to maxMs, always including maxMs and the current value. */
export function durationChoices(maxMs: number, currentMs?: number): number[] {
  const set = new Set(STANDARD_DURATIONS.filter((d) => d <= maxMs));
  set.add(maxMs);
  if (currentMs !== undefined && currentMs > 0 && currentMs <= maxMs) set.add(currentMs);
  return [...set].sort((a, b) => a - b);
}

/** Keeps a chosen duration when it still fits the new selection, otherwise takes the new maximum. */
export function clampDuration(currentMs: number, maxMs: number): number {
  return currentMs > maxMs ? maxMs : currentMs;
}

export interface SourceAdvice {
  /** What to preselect. */
  source: SourceValue;
  /** Why "my public IP" is not preselected (translated), or undefined when it is. */
  reason?: string;
}

/**
 * "My public IP" unless a selected port only allows specific prefixes: then Azure would refuse the caller's IP,
 * so the prefix every such port allows is preselected and the reason is given.
 */
export function adviseSource(policy: Policy, vms: FormValues["vms"]): SourceAdvice {
  const restricted = selectedRules(policy, vms).filter(({ rule }) => !allowsAnySource(rule));
  if (restricted.length === 0) return { source: { kind: "myIp" } };
  const [first, ...rest] = restricted;
  const common = first.rule.allowedSourceAddressPrefixes.filter((p) =>
    rest.every(({ rule }) => rule.allowedSourceAddressPrefixes.some((q) => q.toLowerCase() === p.toLowerCase())),
  );
  if (common.length === 0) {
    return {
      source: { kind: "myIp" },
      reason: t(
        "The selected ports allow different sources, so one request can't cover them all: request them separately.",
      ),
    };
  }
  return {
    source: { kind: "prefix", text: common[0] },
    reason: t(
      "Port {0} of {1} only accepts requests from {2}; Azure would refuse your public IP, so that source is selected.",
      first.rule.number,
      vmLabel(first.vm.id),
      common.join(", "),
    ),
  };
}

/** The source as AccessChoice wants it: undefined = the caller's public IP. */
export function sourceText(source: SourceValue): string | undefined {
  return source.kind === "myIp" ? undefined : source.text.trim();
}

export function needsAnyConfirmation(source: SourceValue): boolean {
  const text = sourceText(source);
  return text !== undefined && isAnySource(text);
}

export function toAccessChoice(policy: Policy, values: FormValues, requireJustification = false): AccessChoice {
  const justification = values.justification.trim();
  return {
    requireJustification,
    policy,
    vms: values.vms
      .filter((v) => v.ports.length > 0)
      .map((v) => ({ vmId: findVm(policy, v.vmId)?.id ?? v.vmId, ports: [...v.ports] })),
    source: sourceText(values.source),
    durationMs: values.durationMs,
    justification: justification === "" ? undefined : justification,
  };
}

function key(e: FieldError): string {
  return `${e.field}|${e.vmId ?? ""}|${e.port ?? ""}|${e.message}`;
}

/** The form's values checked once: the errors, or the choice and the initiate body planned from it (once). */
export type CheckedValues =
  { ok: true; choice: AccessChoice; body: InitiateBody } | { ok: false; errors: FieldError[] };

/**
 * All the rules, in one place for both sides: core's planning rules (VMs and ports in the policy, source syntax
 * and the per-port subset rule, duration, justification), plus what only the form knows: a ticked VM without a
 * port, and the explicit confirmation an any-source request needs. toAccessChoice and planInitiate run once here;
 * the host sends the body this returns.
 */
export function checkValues(
  policy: Policy,
  values: FormValues,
  settings: FormSettings,
  serverNowMs: number,
): CheckedValues {
  const errors: FieldError[] = [];
  const choice = toAccessChoice(policy, values, settings.requireJustification);
  const plan = planInitiate(choice, serverNowMs);
  if (!plan.ok) errors.push(...plan.errors);
  const anyPorts = values.vms.some((v) => v.ports.length > 0);
  for (const sel of values.vms) {
    const vm = findVm(policy, sel.vmId);
    if (vm && sel.ports.length === 0 && anyPorts) {
      errors.push({
        field: "ports",
        vmId: vm.id,
        message: t("Choose at least one port of {0}, or clear the VM.", vmLabel(vm.id)),
      });
    }
  }
  if (needsAnyConfirmation(values.source) && !values.confirmAnySource) {
    errors.push({
      field: "source",
      message: t(
        "{0} lets any address on the internet connect. Tick the confirmation to request it anyway.",
        sourceText(values.source) ?? "",
      ),
    });
  }
  const seen = new Set<string>();
  const unique = errors.filter((e) => (seen.has(key(e)) ? false : (seen.add(key(e)), true)));
  return unique.length === 0 && plan.ok ? { ok: true, choice, body: plan.body } : { ok: false, errors: unique };
}

/** The field errors of checkValues (the webview validates live with this). */
export function validateValues(
  policy: Policy,
  values: FormValues,
  settings: FormSettings,
  serverNowMs: number,
): FieldError[] {
  const checked = checkValues(policy, values, settings, serverNowMs);
  return checked.ok ? [] : checked.errors;
}

/** "up to 3 h · from any source" / "up to 1 h · from 10.1.0.0/24" — the text beside a port's checkbox. */
export function portSummary(rule: PortRule): string {
  const max = portMaxMs(rule);
  const limit =
    max === undefined ? t("maximum unknown ({0})", rule.maxRequestAccessDuration) : t("up to {0}", humanDuration(max));
  const from = allowsAnySource(rule)
    ? t("from any source")
    : t("only from {0}", rule.allowedSourceAddressPrefixes.join(", ") || t("no source"));
  return `${limit} · ${from}`;
}

/** Initial values for a policy and a preselected VM/port. */
export function initialValues(policy: Policy, settings: FormSettings, vmId?: string, portNumber?: number): FormValues {
  let vm = vmId ? findVm(policy, vmId) : undefined;
  if (!vm && policy.virtualMachines.length === 1) vm = policy.virtualMachines[0];
  const vms: FormValues["vms"] = [];
  if (vm) {
    const n =
      portNumber !== undefined && vm.ports.some((r) => r.number === portNumber) ? portNumber : preferredPort(vm);
    vms.push({ vmId: vm.id, ports: n === undefined ? [] : [n] });
  }
  const max = selectionMaxMs(policy, vms);
  return {
    vms,
    source: adviseSource(policy, vms).source,
    durationMs: defaultDurationMs(settings.defaultDuration, max),
    justification: settings.justificationTemplate,
    confirmAnySource: false,
  };
}
