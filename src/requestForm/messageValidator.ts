// Every message from the webview is untrusted input: a compromised or buggy webview could post anything.
// This module checks shape and bounds and copies only known fields into fresh objects (no prototype tricks,
// no extra keys reach the host). Rule checks (is the port in the policy, is the source allowed) come after, in
// formModel.ts, against the host's own copy of the policy.
import { resultsPhase } from "./outcome";
import type { FormValues, Phase, PortOutcome, SavedState, SourceValue, WebviewMessage } from "./protocol";

export const LIMITS = {
  vms: 200,
  portsPerVm: 100,
  idLength: 2048,
  sourceLength: 64,
  /** Hard cap on the wire; the justification rule (MAX_JUSTIFICATION_LENGTH) is checked later, with a message. */
  justificationLength: 10_000,
  /** Outcome lines of a restored results screen: one per requested port. */
  outcomes: 1000,
  outcomeText: 2000,
  /** 24 h: the longest window Azure allows. */
  maxDurationMs: 24 * 60 * 60 * 1000,
} as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number, what: string): string {
  if (typeof v !== "string") throw new Error(`${what} must be a string`);
  if (v.length > max) throw new Error(`${what} is longer than ${max} characters`);
  return v;
}

function port(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535)
    throw new Error("port must be an integer 0-65535");
  return v;
}

function source(v: unknown): SourceValue {
  if (!isObject(v)) throw new Error("source must be an object");
  switch (v.kind) {
    case "myIp":
      return { kind: "myIp" };
    case "prefix":
    case "custom":
      return { kind: v.kind, text: str(v.text, LIMITS.sourceLength, "source.text") };
    default:
      throw new Error("source.kind is unknown");
  }
}

function formValues(v: unknown): FormValues {
  if (!isObject(v)) throw new Error("values must be an object");
  if (!Array.isArray(v.vms)) throw new Error("vms must be an array");
  if (v.vms.length > LIMITS.vms) throw new Error(`more than ${LIMITS.vms} VMs`);
  const seen = new Set<string>();
  const vms = v.vms.map((vm: unknown) => {
    if (!isObject(vm)) throw new Error("vm must be an object");
    const vmId = str(vm.vmId, LIMITS.idLength, "vmId");
    if (vmId.length === 0) throw new Error("vmId is empty");
    const key = vmId.toLowerCase();
    if (seen.has(key)) throw new Error("vmId appears twice");
    seen.add(key);
    if (!Array.isArray(vm.ports)) throw new Error("ports must be an array");
    if (vm.ports.length > LIMITS.portsPerVm) throw new Error(`more than ${LIMITS.portsPerVm} ports`);
    const ports = vm.ports.map(port);
    if (new Set(ports).size !== ports.length) throw new Error("a port appears twice");
    return { vmId, ports };
  });
  const d = v.durationMs;
  if (typeof d !== "number" || !Number.isInteger(d) || d <= 0 || d > LIMITS.maxDurationMs) {
    throw new Error("durationMs must be a whole number of milliseconds up to 24 h");
  }
  if (typeof v.confirmAnySource !== "boolean") throw new Error("confirmAnySource must be a boolean");
  return {
    vms,
    source: source(v.source),
    durationMs: d,
    justification: str(v.justification, LIMITS.justificationLength, "justification"),
    confirmAnySource: v.confirmAnySource,
  };
}

function attempt<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Checks a message posted by the webview. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  return attempt((): WebviewMessage => {
    if (!isObject(raw)) throw new Error("message must be an object");
    switch (raw.type) {
      case "ready":
        return { type: "ready" };
      case "close":
        return { type: "close" };
      case "submit":
        return { type: "submit", values: formValues(raw.values) };
      case "connect":
        return { type: "connect", vmId: str(raw.vmId, LIMITS.idLength, "vmId") };
      case "keepOpen":
        if (typeof raw.on !== "boolean") throw new Error("on must be true or false");
        return { type: "keepOpen", on: raw.on };
      default:
        throw new Error("message type is unknown");
    }
  });
}

function optionalStr(v: unknown, max: number, what: string): string | undefined {
  return v === undefined ? undefined : str(v, max, what);
}

function outcome(v: unknown): PortOutcome {
  if (!isObject(v)) throw new Error("outcome must be an object");
  if (typeof v.ok !== "boolean") throw new Error("outcome.ok must be a boolean");
  if (v.endTimeUtc !== undefined && (typeof v.endTimeUtc !== "number" || !Number.isFinite(v.endTimeUtc)))
    throw new Error("outcome.endTimeUtc must be a number");
  const out: PortOutcome = {
    vmId: str(v.vmId, LIMITS.idLength, "outcome.vmId"),
    vmName: str(v.vmName, LIMITS.idLength, "outcome.vmName"),
    port: port(v.port),
    ok: v.ok,
  };
  if (v.endTimeUtc !== undefined) out.endTimeUtc = v.endTimeUtc;
  const status = optionalStr(v.status, 64, "outcome.status");
  const message = optionalStr(v.message, LIMITS.outcomeText, "outcome.message");
  const action = optionalStr(v.action, LIMITS.outcomeText, "outcome.action");
  if (status !== undefined) out.status = status;
  if (message !== undefined) out.message = message;
  if (action !== undefined) out.action = action;
  return out;
}

/** A results screen ("done") from saved state; which VMs get a Connect button follows from the outcomes, not the state. */
function parseDonePhase(v: unknown): Extract<Phase, { kind: "done" }> {
  if (!isObject(v) || v.kind !== "done") throw new Error("phase is not a results screen");
  if (!Array.isArray(v.outcomes) || v.outcomes.length === 0 || v.outcomes.length > LIMITS.outcomes)
    throw new Error("phase.outcomes must be a non-empty array");
  return resultsPhase(v.outcomes.map(outcome));
}

export interface RestoredForm {
  policyId: string;
  vmId?: string;
  portNumber?: number;
  values?: FormValues;
  phase?: Extract<Phase, { kind: "done" }>;
}

/**
 * Checks what a webview saved with setState before the window reloaded. Only what the host needs comes out:
 * the policy id, the preselection, the values and a results screen; the policy itself is looked up again, never
 * trusted. A results screen that does not check out is dropped (the form then comes back editable), not the state.
 */
export function parseSavedState(raw: unknown): Parsed<RestoredForm> {
  return attempt(() => {
    if (!isObject(raw) || raw.v !== 1 || !isObject(raw.init)) throw new Error("state is not a saved request form");
    const init = raw.init;
    if (!isObject(init.policy)) throw new Error("state has no policy");
    const policyId = str(init.policy.id, LIMITS.idLength, "policy id");
    const out: RestoredForm = { policyId };
    if (init.vmId !== undefined) out.vmId = str(init.vmId, LIMITS.idLength, "vmId");
    if (init.portNumber !== undefined) out.portNumber = port(init.portNumber);
    const values = (raw as Partial<SavedState>).values ?? init.values;
    if (values !== undefined) out.values = formValues(values);
    const phase = attempt(() => parseDonePhase((raw as Partial<SavedState>).phase));
    if (phase.ok) out.phase = phase.value;
    return out;
  });
}
