// Requests this window is sending right now (between "Request" and Azure's 202): the status bar shows a spinner
// for them before the policy lists the request, and Connect waits for them instead of requesting the port again.
// State of the grant tracker (tracker.ts): one set per tracker, no module-level state.
import { grantKey, type PendingRequest } from "../core/grantRecords";

interface Entry {
  request: PendingRequest;
  settled: Promise<void>;
  settle: () => void;
}

export class PendingRequests {
  private readonly pending = new Map<number, Entry>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  /** Marks a request as in flight; call the returned function when it settles (and what it changes is remembered). */
  add(request: PendingRequest): () => void {
    const id = this.nextId++;
    let settle = (): void => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.pending.set(id, { request, settled, settle });
    this.fire();
    return () => {
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      entry.settle();
      this.fire();
    };
  }

  list(): PendingRequest[] {
    return [...this.pending.values()].map((e) => e.request);
  }

  /** Resolves when every request in flight for this port has settled; undefined when none is. */
  whenSettled(policyId: string, vmId: string, port: number): Promise<void> | undefined {
    const key = grantKey(policyId, vmId, port);
    const waits = [...this.pending.values()]
      .filter(
        (e) =>
          e.request.policyId !== undefined &&
          e.request.vmId !== undefined &&
          grantKey(e.request.policyId, e.request.vmId, e.request.port) === key,
      )
      .map((e) => e.settled);
    return waits.length > 0 ? Promise.all(waits).then(() => undefined) : undefined;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
