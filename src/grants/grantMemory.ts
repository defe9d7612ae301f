import {
  grantKey,
  MINE_WINDOW_MS,
  type LastRequest,
  type RememberedGrant,
  type SentRequest,
} from "../core/grantRecords";
import { sameId, vmNameFromId } from "../core/resourceId";
import type { JitRequest } from "../core/types";
import { STATE_KEY } from "../core/startupState";

// What the extension remembers across window reloads (globalState): the last request per VM and port (for
// re-request) and the grants this user opened (for the countdown before Azure has been asked again). Owned by the
// grant tracker (tracker.ts), the only writer; nobody else builds one. No vscode import: a Memento is passed in, so
// unit tests use a Map.

export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const LAST_REQUESTS = STATE_KEY.lastRequests;
const OPEN_GRANTS = STATE_KEY.openGrants;
const MAX_LAST_REQUESTS = 200;

export class GrantMemory {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: StateStore) {}

  /**
   * What every request path records once Azure accepted it (the form, quick request, re-request, connect):
   * the request for re-request, and each port Azure's 202 lists as opening in the countdown until the policy lists
   * it. A grant ends at the 202's endTimeUtc, never at requestedAt + durationMs: Azure may grant less than asked
   * (docs/azure-behaviour.md#a-grant-ends-at-azures-endtimeutc). Without the 202 only the request is remembered.
   */
  async rememberRequested(request: SentRequest, granted?: JitRequest): Promise<void> {
    const fresh: LastRequest[] = request.vms.flatMap((vm) =>
      vm.ports.map((port) => ({
        policyId: request.policyId,
        vmId: vm.vmId,
        port,
        source: request.source,
        durationMs: request.durationMs,
        justification: request.justification,
        requestedAt: request.requestedAtMs,
      })),
    );
    const replaced = new Set(fresh.map((r) => grantKey(r.policyId, r.vmId, r.port)));
    const kept = this.lastRequests().filter((r) => !replaced.has(grantKey(r.policyId, r.vmId, r.port)));
    const all = [...kept, ...fresh].sort((a, b) => b.requestedAt - a.requestedAt).slice(0, MAX_LAST_REQUESTS);
    await this.state.update(LAST_REQUESTS, all);
    if (!granted) {
      this.fire();
      return;
    }
    const opening: RememberedGrant[] = fresh.flatMap((r) => {
      const port = granted.virtualMachines.find((vm) => sameId(vm.id, r.vmId))?.ports.find((p) => p.number === r.port);
      if (!port || !Number.isFinite(port.endTimeUtc)) return [];
      return [
        {
          policyId: r.policyId,
          vmId: r.vmId,
          port: r.port,
          vmName: vmNameFromId(r.vmId) || r.vmId,
          startTimeUtc: granted.startTimeUtc || r.requestedAt,
          endTimeUtc: port.endTimeUtc,
          opening: true,
        },
      ];
    });
    await this.state.update(OPEN_GRANTS, [
      ...this.grants().filter((g) => !replaced.has(grantKey(g.policyId, g.vmId, g.port))),
      ...opening,
    ]);
    this.fire();
  }

  lastRequest(policyId: string, vmId: string, port: number): LastRequest | undefined {
    const key = grantKey(policyId, vmId, port);
    return this.lastRequests().find((r) => grantKey(r.policyId, r.vmId, r.port) === key);
  }

  /** Whether a request found in a policy is the one this user sent (colleagues' grants do not count down here). */
  isMine(policyId: string, vmId: string, port: number, startTimeUtc: number | undefined): boolean {
    const last = this.lastRequest(policyId, vmId, port);
    if (!last) return false;
    return startTimeUtc === undefined || Math.abs(startTimeUtc - last.requestedAt) <= MINE_WINDOW_MS;
  }

  /** The remembered grant of one port (opening right after a request, before the policy lists it). */
  grant(policyId: string, vmId: string, port: number): RememberedGrant | undefined {
    const key = grantKey(policyId, vmId, port);
    return this.grants().find((g) => grantKey(g.policyId, g.vmId, g.port) === key);
  }

  grants(): RememberedGrant[] {
    const value = this.state.get<unknown>(OPEN_GRANTS);
    return Array.isArray(value) ? value.filter(isRememberedGrant) : [];
  }

  async setGrants(grants: RememberedGrant[]): Promise<void> {
    if (JSON.stringify(grants) === JSON.stringify(this.grants())) return;
    await this.state.update(OPEN_GRANTS, grants);
    this.fire();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Every remembered request (newest first): who "me" is reads their sources from the policies (src/grants/me.ts). */
  requests(): LastRequest[] {
    return this.lastRequests();
  }

  private lastRequests(): LastRequest[] {
    const value = this.state.get<unknown>(LAST_REQUESTS);
    return Array.isArray(value) ? value.filter(isLastRequest) : [];
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

// globalState survives versions of the extension: read defensively.
function isLastRequest(v: unknown): v is LastRequest {
  const r = v as LastRequest;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.policyId === "string" &&
    typeof r.vmId === "string" &&
    typeof r.port === "number" &&
    typeof r.durationMs === "number" &&
    typeof r.requestedAt === "number"
  );
}

function isRememberedGrant(v: unknown): v is RememberedGrant {
  const g = v as RememberedGrant;
  return (
    typeof g === "object" &&
    g !== null &&
    typeof g.policyId === "string" &&
    typeof g.vmId === "string" &&
    typeof g.port === "number" &&
    typeof g.endTimeUtc === "number" &&
    typeof g.vmName === "string"
  );
}
