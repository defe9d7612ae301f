import { parseIsoDuration } from "./duration";
import { t } from "./l10n";
import { maxDurationMs, type AccessChoice } from "./requestPlan";
import { sameId } from "./resourceId";
import { checkSourceAllowed, isAnySource } from "./sourceAddress";
import type { Policy } from "./types";

// One-click requests (quick request, re-request, connect on a closed port) choose what the form would ask for.
// The result still goes through planInitiate, which reports field errors before anything is sent.

export interface QuickDefaults {
  /** azureJit.defaultDuration, ISO 8601. */
  defaultDuration: string;
  /** azureJit.justificationTemplate; "" = none. */
  justificationTemplate: string;
}

/** What re-request repeats. */
export interface RepeatedRequest {
  /** undefined = the caller's public IP. */
  source?: string;
  durationMs: number;
  justification?: string;
}

export type QuickChoice =
  | {
      ok: true;
      choice: AccessChoice;
      /** The port only allows several specific prefixes: the user must pick one of these as choice.source. */
      sourceOptions?: string[];
      /**
       * Re-request: the policy no longer allows the source asked for last time (someone narrowed the port), so
       * sourceOptions holds what it allows now, even a single prefix: one click never swaps a source silently.
       */
      repeatSourceRefused?: string;
      /** The duration was lowered to the port's maximum. */
      clampedFromMs?: number;
    }
  | { ok: false; error: string };

export function quickChoice(
  policy: Policy,
  vmId: string,
  portNumber: number,
  defaults: QuickDefaults,
  repeat?: RepeatedRequest,
): QuickChoice {
  const rule = policy.virtualMachines.find((vm) => sameId(vm.id, vmId))?.ports.find((p) => p.number === portNumber);
  if (!rule) return { ok: false, error: t("Port {0} is not in the JIT policy of this VM any more.", portNumber) };
  const vms = [{ vmId, ports: [portNumber] }];

  let durationMs: number;
  if (repeat) {
    durationMs = repeat.durationMs;
  } else {
    const parsed = parseIsoDuration(defaults.defaultDuration);
    if (!parsed.ok) return { ok: false, error: t("Setting azureJit.defaultDuration: {0}", parsed.error) };
    durationMs = parsed.ms;
  }
  const max = maxDurationMs(policy, vms);
  const clampedFromMs = durationMs > max ? durationMs : undefined;
  durationMs = Math.min(durationMs, max);

  const justification = repeat ? repeat.justification : defaults.justificationTemplate.trim() || undefined;
  const choice: AccessChoice = { policy, vms, durationMs, justification };

  const allowed = rule.allowedSourceAddressPrefixes;
  if (repeat) {
    choice.source = repeat.source;
    const refused = checkSourceAllowed(repeat.source, allowed);
    if (refused === undefined) return { ok: true, choice, clampedFromMs };
    return { ok: true, choice, clampedFromMs, sourceOptions: [...allowed], repeatSourceRefused: refused };
  }
  if (allowed.length === 0 || allowed.some(isAnySource)) return { ok: true, choice, clampedFromMs };
  if (allowed.length === 1) {
    choice.source = allowed[0];
    return { ok: true, choice, clampedFromMs };
  }
  return { ok: true, choice, clampedFromMs, sourceOptions: [...allowed] };
}
