// Keep open, run by the grant tracker (tracker.ts): the kept-open entries in globalState (shared by every window),
// the lease that makes exactly one window renew a given grant, and the renewal loop: on each of the tracker's ticks
// pass() renews what is due through the tracker's one request function and stops what the cap, the policy or the
// grant's end says to stop. The schedule itself is core/renewal.ts (pure, time passed in). No vscode import: the
// emulator tests drive it through the tracker.
import { grantKey, type GrantRef, type RememberedGrant } from "../core/grantRecords";
import { t } from "../core/l10n";
import {
  capEndsAt,
  LEASE_MS,
  leaseDecision,
  renewalStep,
  retryAfterFailure,
  type KeepOpenEntry,
  type StopReason,
} from "../core/renewal";
import { isAnySource } from "../core/sourceAddress";
import { STATE_KEY } from "../core/startupState";
import { Emitter, type Disposable } from "../core/events";
import type { KeepOpenResult, KeepOpenStopped, PlannedRequest, PolicyStore, RequestOutcome } from "../services";
import type { GrantMemory, StateStore } from "./grantMemory";

const KEEP_OPEN = STATE_KEY.keepOpen;

/** Turning keep-open on needs at least this much of the cap left. */
const MIN_CAP_LEFT_MS = 5 * 60_000;

export interface KeepOpenDeps {
  readonly state: StateStore;
  readonly memory: Pick<GrantMemory, "grant" | "lastRequest">;
  readonly policies: Pick<PolicyStore, "find">;
  serverNow(): number;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** azureJit.keepOpenMaxHours, read when keep-open is turned on. */
  keepOpenMaxHours(): number;
  /** This window's id for the lease. */
  readonly windowId: string;
  /** The tracker's one request function. */
  request(planned: PlannedRequest): Promise<RequestOutcome>;
  /** Runs the tracker's update again (after a renewal, or when keep-open was turned on). */
  tick(): Promise<void>;
  /** The tracker's onDidChange. */
  changed(): void;
}

export class KeepOpen implements Disposable {
  private readonly stopped = new Emitter<KeepOpenStopped>();
  /** Keep-open stopped on its own (cap, narrowed policy, failures, ended): the status bar says why. */
  readonly onStopped = this.stopped.event;
  /** Keys of renewals in flight: never two requests for one renewal. */
  private readonly renewing = new Set<string>();

  constructor(private readonly deps: KeepOpenDeps) {}

  dispose(): void {
    this.stopped.dispose();
  }

  /** Every kept-open port (all windows share them through globalState). */
  entries(): KeepOpenEntry[] {
    const value = this.deps.state.get<unknown>(KEEP_OPEN);
    return Array.isArray(value) ? value.filter(isKeepOpenEntry) : [];
  }

  entryOf(policyId: string, vmId: string, port: number): KeepOpenEntry | undefined {
    const key = grantKey(policyId, vmId, port);
    return this.entries().find((e) => grantKey(e.policyId, e.vmId, e.port) === key);
  }

  /**
   * Turns keep-open on for an open grant of mine: its renewals repeat the last request for the port (what the grant
   * was opened with) until the cap, counted from that request. A grant open to any source needs its own confirmation.
   */
  async start(ref: GrantRef, options: { anySourceConfirmed?: boolean } = {}): Promise<KeepOpenResult> {
    const now = this.deps.serverNow();
    const grant = this.deps.memory.grant(ref.policyId, ref.vmId, ref.portNumber);
    const last = this.deps.memory.lastRequest(ref.policyId, ref.vmId, ref.portNumber);
    if (!grant || !last || (!grant.opening && grant.endTimeUtc <= now)) {
      return {
        ok: false,
        reason: "notOpen",
        message: t("Keep open needs access of yours that is open: request it first."),
      };
    }
    if (last.source !== undefined && isAnySource(last.source) && !options.anySourceConfirmed) {
      return {
        ok: false,
        reason: "needsAnySourceConfirmation",
        message: t("This access is open to any source address ({0}).", last.source),
      };
    }
    const capEnd = capEndsAt(last.requestedAt, this.deps.keepOpenMaxHours());
    if (capEnd - now < MIN_CAP_LEFT_MS) {
      return {
        ok: false,
        reason: "cap",
        message: t(
          "Keep open stops {0} h after the first request, and that time has passed.",
          this.deps.keepOpenMaxHours(),
        ),
      };
    }
    const entry: KeepOpenEntry = {
      policyId: ref.policyId,
      vmId: ref.vmId,
      port: ref.portNumber,
      vmName: grant.vmName,
      source: last.source,
      durationMs: last.durationMs,
      justification: last.justification,
      startedAt: last.requestedAt,
      capEndsAt: capEnd,
      ...(options.anySourceConfirmed && last.source !== undefined && isAnySource(last.source)
        ? { anySourceConfirmed: true }
        : {}),
      lease: { holder: this.deps.windowId, until: now + LEASE_MS },
    };
    await this.save([...this.entries().filter((e) => !sameEntry(e, entry)), entry]);
    this.deps.log.info(
      `Keep open on for ${grant.vmName}:${ref.portNumber} until ${new Date(capEnd).toISOString()} (current grant ends ${new Date(grant.endTimeUtc).toISOString()})`,
    );
    void this.deps.tick();
    return { ok: true, entry };
  }

  /** Turns keep-open off (the user, or sign-out): the current grant runs to its end. */
  async stop(ref: GrantRef, why = "turned off"): Promise<void> {
    const entry = this.entryOf(ref.policyId, ref.vmId, ref.portNumber);
    if (!entry) return;
    await this.save(this.entries().filter((e) => !sameEntry(e, entry)));
    const grant = this.deps.memory.grant(entry.policyId, entry.vmId, entry.port);
    this.deps.log.info(
      `Keep open stopped for ${entry.vmName}:${entry.port} (${why}); access ends ${grant ? new Date(grant.endTimeUtc).toISOString() : "?"}`,
    );
    this.deps.changed();
  }

  /** Signed out: nothing is renewed any more. */
  async stopAll(why: string): Promise<void> {
    for (const e of this.entries()) await this.stop({ policyId: e.policyId, vmId: e.vmId, portNumber: e.port }, why);
  }

  /**
   * One pass over the kept-open ports on each tick: renew what is due (this window's lease only), stop what the
   * cap, the policy or the grant's end says to stop. Returns the next moment something is due.
   */
  async pass(grants: readonly RememberedGrant[], now: number): Promise<number | undefined> {
    let next: number | undefined;
    const soonest = (at: number): void => void (next = next === undefined ? at : Math.min(next, at));
    for (const entry of this.entries()) {
      const key = grantKey(entry.policyId, entry.vmId, entry.port);
      if (this.renewing.has(key)) continue;
      if (leaseDecision(entry.lease, this.deps.windowId, now) === "theirs") {
        // Another window renews it; take over if its lease lapses (that window went away).
        soonest(entry.lease!.until + 1);
        continue;
      }
      let mine: KeepOpenEntry = entry;
      if (!entry.lease || entry.lease.holder !== this.deps.windowId || entry.lease.until - now < LEASE_MS / 2) {
        mine = (await this.update(entry, { lease: { holder: this.deps.windowId, until: now + LEASE_MS } })) ?? entry;
        soonest(now + LEASE_MS / 2);
      } else {
        soonest(entry.lease.until - LEASE_MS / 2);
      }
      const grant = grants.find((g) => grantKey(g.policyId, g.vmId, g.port) === key);
      const step = renewalStep(mine, grant?.endTimeUtc, this.deps.policies.find(entry.policyId), now);
      if (step.kind === "wait") soonest(step.untilMs);
      else if (step.kind === "stop") await this.stopOnItsOwn(mine, step.reason);
      else {
        this.renewing.add(key);
        // Outside the tracker's update (the request ticks again when it is done).
        queueMicrotask(() => void this.renew(mine, step.choice, step.body, grant!.endTimeUtc, now));
      }
    }
    return next;
  }

  private async save(entries: KeepOpenEntry[]): Promise<void> {
    await this.deps.state.update(KEEP_OPEN, entries);
  }

  private async update(entry: KeepOpenEntry, change: Partial<KeepOpenEntry>): Promise<KeepOpenEntry | undefined> {
    const all = this.entries();
    const current = all.find((e) => sameEntry(e, entry));
    if (!current) return undefined;
    const next = { ...current, ...change };
    await this.save(all.map((e) => (sameEntry(e, entry) ? next : e)));
    return next;
  }

  private async stopOnItsOwn(entry: KeepOpenEntry, reason: StopReason): Promise<void> {
    await this.save(this.entries().filter((e) => !sameEntry(e, entry)));
    const grant = this.deps.memory.grant(entry.policyId, entry.vmId, entry.port);
    const ends = grant ? new Date(grant.endTimeUtc).toISOString() : "?";
    const detail = reason.kind === "narrowed" || reason.kind === "failed" ? `: ${reason.message}` : "";
    this.deps.log.warn(
      `Keep open stopped for ${entry.vmName}:${entry.port} (${reason.kind}${detail}); access ends ${ends}`,
    );
    this.stopped.fire({ entry, reason, endTimeUtc: grant?.endTimeUtc });
  }

  private async renew(
    entry: KeepOpenEntry,
    choice: PlannedRequest["choice"],
    body: PlannedRequest["body"],
    endTimeUtc: number,
    now: number,
  ): Promise<void> {
    const key = grantKey(entry.policyId, entry.vmId, entry.port);
    try {
      const outcome = await this.deps.request({ choice, body, requestedAtMs: now });
      if (outcome.ok) {
        await this.update(entry, { failures: undefined, retryAt: undefined });
        const end = outcome.request.virtualMachines[0]?.ports[0]?.endTimeUtc;
        this.deps.log.info(
          `Keep open renewed ${entry.vmName}:${entry.port}: ends ${end !== undefined ? new Date(end).toISOString() : "?"}`,
        );
        return;
      }
      const error = outcome.error;
      if (error.kind === "notSubset" || error.kind === "notSignedIn") {
        await this.stopOnItsOwn(entry, {
          kind: error.kind === "notSubset" ? "narrowed" : "failed",
          message: error.message,
        });
        return;
      }
      const failures = (entry.failures ?? 0) + 1;
      const at = retryAfterFailure(failures, endTimeUtc, this.deps.serverNow(), error.retryAfterMs);
      if (at === undefined) {
        await this.stopOnItsOwn(entry, { kind: "failed", message: error.message });
        return;
      }
      await this.update(entry, { failures, retryAt: at });
      this.deps.log.warn(
        `Keep open: renewing ${entry.vmName}:${entry.port} failed (${error.kind}); trying again at ${new Date(at).toISOString()}`,
      );
    } finally {
      this.renewing.delete(key);
      void this.deps.tick();
    }
  }
}

function sameEntry(a: KeepOpenEntry, b: KeepOpenEntry): boolean {
  return grantKey(a.policyId, a.vmId, a.port) === grantKey(b.policyId, b.vmId, b.port);
}

// globalState is shared by windows and versions: read defensively.
function isKeepOpenEntry(v: unknown): v is KeepOpenEntry {
  const e = v as KeepOpenEntry;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.policyId === "string" &&
    typeof e.vmId === "string" &&
    typeof e.port === "number" &&
    typeof e.vmName === "string" &&
    typeof e.durationMs === "number" &&
    typeof e.startedAt === "number" &&
    typeof e.capEndsAt === "number"
  );
}
