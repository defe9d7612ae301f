// Requests this window is sending right now (between "Request" and Azure's 202): the status bar shows a spinner
// for them before the policy lists the request, and Connect waits for them instead of requesting the port again.
// Module-level on purpose: one extension host, one set.
import { grantKey } from "./grantMemory";

export interface PendingRequest {
  vmName: string;
  port: number;
  /** Known for every request the extension sends; lets Connect find the request for its port. */
  policyId?: string;
  vmId?: string;
}

interface Entry {
  request: PendingRequest;
  settled: Promise<void>;
  settle: () => void;
}

const pending = new Map<number, Entry>();
const listeners = new Set<() => void>();
let nextId = 1;

function fire(): void {
  for (const listener of [...listeners]) listener();
}

/** Marks a request as in flight; call the returned function when it settles (and what it changes is remembered). */
export function addPendingRequest(request: PendingRequest): () => void {
  const id = nextId++;
  let settle = (): void => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  pending.set(id, { request, settled, settle });
  fire();
  return () => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    entry.settle();
    fire();
  };
}

export function pendingRequests(): PendingRequest[] {
  return [...pending.values()].map((e) => e.request);
}

/** Resolves when every request in flight for this port has settled; undefined when none is. */
export function whenSettled(policyId: string, vmId: string, port: number): Promise<void> | undefined {
  const key = grantKey(policyId, vmId, port);
  const waits = [...pending.values()]
    .filter((e) => e.request.policyId !== undefined && e.request.vmId !== undefined && grantKey(e.request.policyId, e.request.vmId, e.request.port) === key)
    .map((e) => e.settled);
  return waits.length > 0 ? Promise.all(waits).then(() => undefined) : undefined;
}

export function onDidChangePending(listener: () => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}
