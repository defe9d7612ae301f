// Every message from the webview is untrusted input: a compromised or buggy webview could post anything.
// This module checks shape and bounds and copies only known fields into fresh objects (no prototype tricks,
// no extra keys reach the host). Rule checks (is the port in the policy, is the source allowed) come after, in
// formModel.ts, against the host's own copy of the policy.
import type { FormValues, SavedState, SourceValue, WebviewMessage } from "./protocol";

export const LIMITS = {
  vms: 200,
  portsPerVm: 100,
  idLength: 2048,
  sourceLength: 64,
  /** Hard cap on the wire; the justification rule (MAX_JUSTIFICATION_LENGTH) is checked later, with a message. */
  justificationLength: 10_000,
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
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535) throw new Error("port must be an integer 0-65535");
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
      default:
        throw new Error("message type is unknown");
    }
  });
}

/**
 * Checks what a webview saved with setState before the window reloaded. Only what the host needs comes out:
 * the policy id, the preselection and the values; the policy itself is looked up again, never trusted.
 */
export function parseSavedState(
  raw: unknown,
): Parsed<{ policyId: string; vmId?: string; portNumber?: number; values?: FormValues }> {
  return attempt(() => {
    if (!isObject(raw) || raw.v !== 1 || !isObject(raw.init)) throw new Error("state is not a saved request form");
    const init = raw.init;
    if (!isObject(init.policy)) throw new Error("state has no policy");
    const policyId = str(init.policy.id, LIMITS.idLength, "policy id");
    const out: { policyId: string; vmId?: string; portNumber?: number; values?: FormValues } = { policyId };
    if (init.vmId !== undefined) out.vmId = str(init.vmId, LIMITS.idLength, "vmId");
    if (init.portNumber !== undefined) out.portNumber = port(init.portNumber);
    const values = (raw as Partial<SavedState>).values ?? init.values;
    if (values !== undefined) out.values = formValues(values);
    return out;
  });
}
