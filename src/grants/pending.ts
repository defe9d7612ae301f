// Requests this window is sending right now (between "Request" and Azure's 202): the status bar shows a spinner
// for them before the policy lists the request. Module-level on purpose: one extension host, one set.

export interface PendingRequest {
  vmName: string;
  port: number;
}

const pending = new Map<number, PendingRequest>();
const listeners = new Set<() => void>();
let nextId = 1;

function fire(): void {
  for (const listener of [...listeners]) listener();
}

/** Marks a request as in flight; call the returned function when it settles. */
export function addPendingRequest(request: PendingRequest): () => void {
  const id = nextId++;
  pending.set(id, request);
  fire();
  return () => {
    if (pending.delete(id)) fire();
  };
}

export function pendingRequests(): PendingRequest[] {
  return [...pending.values()];
}

export function onDidChangePending(listener: () => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}
