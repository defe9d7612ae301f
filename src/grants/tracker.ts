// The grant tracker (Services.grants): the one owner of this user's grants. It owns what was requested (the grant
// memory, kept across reloads), what is in flight, reconciliation with what Azure reports, when notices are due,
// the fast watch after a request and the keep-alive of the periodic poll while a grant is open. The one request
// function (request()) serves the form, quick request, re-request and connect. No vscode import: the emulator
// tests drive it with the real SDK; the UI parts (status bar, form, commands) only call it and draw its state.
import { randomUUID } from "node:crypto";
import { toJitError } from "../azure/errors";
import type { Me } from "../core/accessState";
import { nextTickDelay } from "../core/countdown";
import { humanDuration } from "../core/duration";
import type { JitError } from "../core/errors";
import { dueNotices, type NoticeOptions } from "../core/expiryNotices";
import {
  grantKey,
  type GrantRef,
  type LastRequest,
  type PendingRequest,
  type RememberedGrant,
} from "../core/grantRecords";
import { t } from "../core/l10n";
import { portRule } from "../core/requestPlan";
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
import { parsePolicyId, policyRefOf, vmNameFromId, type PolicyRef } from "../core/resourceId";
import { Emitter, type Disposable } from "../core/events";
import type { JitRequest } from "../core/types";
import type {
  GrantNotice,
  Grants,
  KeepOpenResult,
  KeepOpenStopped,
  PlannedRequest,
  PolicyStore,
  RequestOptions,
  RequestOutcome,
} from "../services";
import { GrantMemory, type StateStore } from "./grantMemory";
import { mySources } from "./me";
import { PendingRequests } from "./pending";
import { LIST_LAG_MS, reconcileGrants } from "./reconcile";
import { STATE_KEY } from "../core/startupState";

/** After activation, not during it (no network at activation): then refresh only the remembered grants' policies. */
export const RECONCILE_DELAY_MS = 3000;
/** While a grant is opening (Azure says Initiating), the tracker looks again this often. */
export const OPENING_TICK_MS = 5000;

export interface TrackerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TrackerDeps {
  /** globalState (a Memento) or, in tests, a Map behind the same two methods. */
  readonly state: StateStore;
  readonly policies: PolicyStore;
  jitApi(subscriptionId: string): { initiate(ref: PolicyRef, body: PlannedRequest["body"]): Promise<JitRequest> };
  /** Server time (endTimeUtc is the server's). */
  serverNow(): number;
  readonly log: TrackerLog;
  /** The signed-in user's name, once known (who "me" is: src/grants/me.ts). */
  signedInAs?(): string | undefined;
  /** The warning threshold and whether warnings show, read on each tick (settings may change). */
  noticeOptions(): NoticeOptions;
  /** azureJit.keepOpenMaxHours, read when keep-open is turned on. */
  keepOpenMaxHours(): number;
  /** This window's id for the keep-open lease (default: a random one per tracker). */
  readonly windowId?: string;
  /** Refresh the remembered grants' policies this long after start (default RECONCILE_DELAY_MS); false = never on its own. */
  readonly startupReconcileMs?: number | false;
  /** A monotonic clock in ms (default performance.now): how long ago a request went out, whatever the server clock does. */
  monotonicNow?(): number;
}

const KEEP_OPEN = STATE_KEY.keepOpen;

export class GrantTracker implements Grants, Disposable {
  private readonly memory: GrantMemory;
  private readonly inFlight = new PendingRequests();
  private readonly changed = new Emitter<void>();
  private readonly notices = new Emitter<GrantNotice>();
  readonly onDidChange = this.changed.event;
  readonly onNotice = this.notices.event;
  private readonly stopped = new Emitter<KeepOpenStopped>();
  /** Keep-open stopped on its own (cap, narrowed policy, failures, ended): the status bar says why. */
  readonly onKeepOpenStopped = this.stopped.event;
  private readonly windowId: string;
  /** Keys of renewals in flight: never two requests for one renewal. */
  private readonly renewing = new Set<string>();
  private readonly disposables: Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** grant key|endTimeUtc already watched: one fast watch per request, whoever sent it. */
  private readonly watched = new Set<string>();
  /** grant key|endTimeUtc → when (monotonic) this tracker's request for it came back: see reconcile.ts RecentlySent. */
  private readonly sentAt = new Map<string, number>();
  private readonly refreshedAtEnd = new Set<string>();
  /** Holds the store's periodic poll while this user has grants (the tree view may be hidden). */
  private keepAlive: Disposable | undefined;
  private updating: Promise<void> = Promise.resolve();
  private reconcilePending = false;
  private disposed = false;

  constructor(private readonly deps: TrackerDeps) {
    this.memory = new GrantMemory(deps.state);
    this.windowId = deps.windowId ?? randomUUID();
    this.disposables.push(
      deps.policies.onDidChangePolicy(() => this.reconcileSoon()),
      this.memory.onDidChange(() => this.changed.fire()),
      this.inFlight.onDidChange(() => this.changed.fire()),
      this.changed,
      this.notices,
      this.stopped,
    );
    const delay = deps.startupReconcileMs ?? RECONCILE_DELAY_MS;
    if (delay !== false) {
      const startup = setTimeout(() => void this.reconcileWithAzure(), delay);
      this.disposables.push({ dispose: () => clearTimeout(startup) });
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.keepAlive?.dispose();
    this.keepAlive = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ---- what the UI reads -------------------------------------------------------------------------------------

  grants(): RememberedGrant[] {
    return this.memory.grants();
  }

  pending(): PendingRequest[] {
    return this.inFlight.list();
  }

  grant(policyId: string, vmId: string, port: number): RememberedGrant | undefined {
    return this.memory.grant(policyId, vmId, port);
  }

  lastRequest(policyId: string, vmId: string, port: number): LastRequest | undefined {
    return this.memory.lastRequest(policyId, vmId, port);
  }

  isMine(policyId: string, vmId: string, port: number, startTimeUtc: number | undefined): boolean {
    return this.memory.isMine(policyId, vmId, port, startTimeUtc);
  }

  /** "me" now: the signed-in name and my sources over the policies loaded so far. */
  me(): Me {
    const requestor = this.deps.signedInAs?.();
    const sources = mySources(this.memory.requests(), this.deps.policies.all(), requestor);
    return { ...(requestor ? { requestor } : {}), sources };
  }

  whenSettled(policyId: string, vmId: string, port: number): Promise<void> | undefined {
    return this.inFlight.whenSettled(policyId, vmId, port);
  }

  /** Stops showing an ended grant. */
  async dismiss(policyId: string, vmId: string, port: number): Promise<void> {
    const key = grantKey(policyId, vmId, port);
    await this.memory.setGrants(this.memory.grants().filter((g) => grantKey(g.policyId, g.vmId, g.port) !== key));
  }

  // ---- the one request function ------------------------------------------------------------------------------

  /**
   * Sends one planned request (planInitiate ran once, in the caller, with `requestedAtMs`): marks its ports in
   * flight, sends exactly one initiate, remembers what was sent and each port of Azure's 202 (the grant ends at the
   * 202's endTimeUtc), starts one fast watch of the policy and logs the new end. Never throws: a failure comes back
   * as the JitError to show.
   */
  async request(planned: PlannedRequest, options: RequestOptions = {}): Promise<RequestOutcome> {
    const { choice, body, requestedAtMs } = planned;
    const policy = choice.policy;
    const what = describe(body);
    const ref = policyRefOf(policy);
    const done = body.virtualMachines.flatMap((vm) =>
      vm.ports.map((p) =>
        this.inFlight.add({ vmName: vmNameFromId(vm.id) || vm.id, port: p.number, policyId: policy.id, vmId: vm.id }),
      ),
    );
    try {
      let granted: JitRequest;
      try {
        const send = (): Promise<JitRequest> => this.deps.jitApi(policy.subscriptionId).initiate(ref, body);
        granted = await (options.progress ? options.progress(send) : send());
      } catch (e) {
        const allowedSources = [
          ...new Set(
            choice.vms.flatMap((v) =>
              v.ports.flatMap((n) => portRule(policy, v.vmId, n)?.allowedSourceAddressPrefixes ?? []),
            ),
          ),
        ];
        const error: JitError = toJitError(e, "request", { allowedSources });
        this.deps.log.error(
          `Request for ${what} failed: ${error.kind} ${error.detail ?? error.message}${error.correlationId ? ` (correlation id ${error.correlationId})` : ""}`,
        );
        return { ok: false, error };
      }
      // Remembered even when the caller's UI went away meanwhile: the request went out and the countdown must show it.
      try {
        const { vms, source, durationMs, justification } = choice;
        await this.memory.rememberRequested(
          { policyId: policy.id, vms, source, durationMs, justification, requestedAtMs },
          granted,
        );
      } catch (e) {
        this.deps.log.error(
          `Could not remember the request for ${what}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      const sentAt = this.monotonicNow();
      for (const g of this.memory.grants()) {
        const key = watchKey(g);
        if (g.opening && !this.watched.has(key)) this.sentAt.set(key, sentAt);
        this.watched.add(key);
      }
      this.deps.policies.watch(ref);
      this.deps.log.info(
        `Requested ${what} for ${humanDuration(choice.durationMs)} (policy ${policy.id}): ends ${endsText(granted)}`,
      );
      this.tick();
      return { ok: true, request: granted };
    } finally {
      for (const settle of done) settle();
    }
  }

  // ---- keep open ---------------------------------------------------------------------------------------------

  /** Every kept-open port (all windows share them through globalState). */
  keptOpen(): KeepOpenEntry[] {
    const value = this.deps.state.get<unknown>(KEEP_OPEN);
    return Array.isArray(value) ? value.filter(isKeepOpenEntry) : [];
  }

  keepOpenOf(policyId: string, vmId: string, port: number): KeepOpenEntry | undefined {
    const key = grantKey(policyId, vmId, port);
    return this.keptOpen().find((e) => grantKey(e.policyId, e.vmId, e.port) === key);
  }

  /**
   * Turns keep-open on for an open grant of mine: its renewals repeat the last request for the port (what the grant
   * was opened with) until the cap, counted from that request. A grant open to any source needs its own confirmation.
   */
  async keepOpen(ref: GrantRef, options: { anySourceConfirmed?: boolean } = {}): Promise<KeepOpenResult> {
    const now = this.deps.serverNow();
    const grant = this.memory.grant(ref.policyId, ref.vmId, ref.portNumber);
    const last = this.memory.lastRequest(ref.policyId, ref.vmId, ref.portNumber);
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
    if (capEnd - now < 5 * 60_000) {
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
      lease: { holder: this.windowId, until: now + LEASE_MS },
    };
    await this.saveKeepOpen([...this.keptOpen().filter((e) => !sameEntry(e, entry)), entry]);
    this.deps.log.info(
      `Keep open on for ${grant.vmName}:${ref.portNumber} until ${new Date(capEnd).toISOString()} (current grant ends ${new Date(grant.endTimeUtc).toISOString()})`,
    );
    void this.tick();
    return { ok: true, entry };
  }

  /** Turns keep-open off (the user, or sign-out): the current grant runs to its end. */
  async stopKeepOpen(ref: GrantRef, why = "turned off"): Promise<void> {
    const entry = this.keepOpenOf(ref.policyId, ref.vmId, ref.portNumber);
    if (!entry) return;
    await this.saveKeepOpen(this.keptOpen().filter((e) => !sameEntry(e, entry)));
    const grant = this.memory.grant(entry.policyId, entry.vmId, entry.port);
    this.deps.log.info(
      `Keep open stopped for ${entry.vmName}:${entry.port} (${why}); access ends ${grant ? new Date(grant.endTimeUtc).toISOString() : "?"}`,
    );
    this.changed.fire();
  }

  /** Signed out: nothing is renewed any more. */
  async stopAllKeepOpen(why: string): Promise<void> {
    for (const e of this.keptOpen())
      await this.stopKeepOpen({ policyId: e.policyId, vmId: e.vmId, portNumber: e.port }, why);
  }

  private async saveKeepOpen(entries: KeepOpenEntry[]): Promise<void> {
    await this.deps.state.update(KEEP_OPEN, entries);
  }

  private async updateEntry(entry: KeepOpenEntry, change: Partial<KeepOpenEntry>): Promise<KeepOpenEntry | undefined> {
    const all = this.keptOpen();
    const current = all.find((e) => sameEntry(e, entry));
    if (!current) return undefined;
    const next = { ...current, ...change };
    await this.saveKeepOpen(all.map((e) => (sameEntry(e, entry) ? next : e)));
    return next;
  }

  private async stopOnItsOwn(entry: KeepOpenEntry, reason: StopReason): Promise<void> {
    await this.saveKeepOpen(this.keptOpen().filter((e) => !sameEntry(e, entry)));
    const grant = this.memory.grant(entry.policyId, entry.vmId, entry.port);
    const ends = grant ? new Date(grant.endTimeUtc).toISOString() : "?";
    const detail = reason.kind === "narrowed" || reason.kind === "failed" ? `: ${reason.message}` : "";
    this.deps.log.warn(
      `Keep open stopped for ${entry.vmName}:${entry.port} (${reason.kind}${detail}); access ends ${ends}`,
    );
    this.stopped.fire({ entry, reason, endTimeUtc: grant?.endTimeUtc });
  }

  /**
   * One pass over the kept-open ports on each tick: renew what is due (this window's lease only), stop what the
   * cap, the policy or the grant's end says to stop. Returns the next moment something is due.
   */
  private async keepOpenPass(grants: readonly RememberedGrant[], now: number): Promise<number | undefined> {
    let next: number | undefined;
    const soonest = (at: number): void => void (next = next === undefined ? at : Math.min(next, at));
    for (const entry of this.keptOpen()) {
      const key = grantKey(entry.policyId, entry.vmId, entry.port);
      if (this.renewing.has(key)) continue;
      if (leaseDecision(entry.lease, this.windowId, now) === "theirs") {
        // Another window renews it; take over if its lease lapses (that window went away).
        soonest(entry.lease!.until + 1);
        continue;
      }
      let mine: KeepOpenEntry = entry;
      if (!entry.lease || entry.lease.holder !== this.windowId || entry.lease.until - now < LEASE_MS / 2) {
        mine = (await this.updateEntry(entry, { lease: { holder: this.windowId, until: now + LEASE_MS } })) ?? entry;
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
        // Outside this update (the request ticks again when it is done).
        queueMicrotask(() => void this.renew(mine, step.choice, step.body, grant!.endTimeUtc, now));
      }
    }
    return next;
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
      const outcome = await this.request({ choice, body, requestedAtMs: now });
      if (outcome.ok) {
        await this.updateEntry(entry, { failures: undefined, retryAt: undefined });
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
      await this.updateEntry(entry, { failures, retryAt: at });
      this.deps.log.warn(
        `Keep open: renewing ${entry.vmName}:${entry.port} failed (${error.kind}); trying again at ${new Date(at).toISOString()}`,
      );
    } finally {
      this.renewing.delete(key);
      void this.tick();
    }
  }

  // ---- reconciliation, notices, keep-alive -------------------------------------------------------------------

  /** Refreshes the policies of the remembered grants (after a reload), then reconciles. */
  async reconcileWithAzure(): Promise<void> {
    const ids = new Map<string, string>();
    for (const g of this.memory.grants()) ids.set(g.policyId.toLowerCase(), g.policyId);
    await Promise.all(
      [...ids.values()].map(async (id) => {
        const ref = parsePolicyId(id);
        if (!ref) return;
        try {
          await this.deps.policies.refresh(ref);
        } catch (e) {
          this.deps.log.warn(
            `Could not refresh policy ${id} for the countdown: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }),
    );
    await this.tick();
  }

  /**
   * Reconciles now (settings changed, the clock moved, a test asks): one update at a time, since two interleaved
   * updates would both see a notice as due and show it twice. Resolves when this update is done.
   */
  tick(): Promise<void> {
    this.updating = this.updating
      .then(() => (this.disposed ? undefined : this.update()))
      .catch((e) => this.deps.log.error(`Grant update failed: ${e instanceof Error ? e.message : String(e)}`));
    return this.updating;
  }

  private reconcileSoon(): void {
    // Several policies change in one refresh: reconcile once.
    if (this.reconcilePending) return;
    this.reconcilePending = true;
    queueMicrotask(() => {
      this.reconcilePending = false;
      void this.tick();
    });
  }

  private async update(): Promise<void> {
    const now = this.deps.serverNow();
    const memory = this.memory;
    const elapsedNow = this.monotonicNow();
    for (const [key, at] of this.sentAt) if (elapsedNow - at >= LIST_LAG_MS) this.sentAt.delete(key);
    let grants = reconcileGrants(
      memory.grants(),
      this.deps.policies.all(),
      (p, v, port, start) => memory.isMine(p, v, port, start),
      now,
      this.me(),
      (g) => this.sentAt.has(watchKey(g)),
    );
    this.watchOpening(grants);

    const options = this.deps.noticeOptions();
    const notices = dueNotices(
      grants.map((g) => ({ ...g, key: grantKey(g.policyId, g.vmId, g.port), label: `${g.vmName}:${g.port}` })),
      now,
      options,
    );
    if (notices.length > 0) {
      // Marked before showing, so a reload or a quick second tick cannot show them twice.
      grants = grants.map((g) => {
        const key = grantKey(g.policyId, g.vmId, g.port);
        const warned = notices.some((n) => n.kind === "warning" && n.keys.includes(key)) || g.warned;
        const endedNotified = notices.some((n) => n.kind === "ended" && n.keys.includes(key)) || g.endedNotified;
        return { ...g, warned, endedNotified };
      });
    }
    await memory.setGrants(grants);
    this.holdPolling(grants.some((g) => g.opening || g.endTimeUtc > now));
    const renewalDue = await this.keepOpenPass(grants, now);
    this.schedule(grants, now, options.warningMs, renewalDue);
    // The view redraws on every tick: the countdown's text changes with time, not only with the grants.
    this.changed.fire();
    for (const notice of notices) {
      const refs: GrantRef[] = grants
        .filter((g) => notice.keys.includes(grantKey(g.policyId, g.vmId, g.port)))
        .map((g) => ({ policyId: g.policyId, vmId: g.vmId, portNumber: g.port }));
      this.notices.fire({ notice, refs });
    }
    for (const g of grants) if (g.endTimeUtc <= now) this.refreshEnded(g);
  }

  private monotonicNow(): number {
    return this.deps.monotonicNow ? this.deps.monotonicNow() : performance.now();
  }

  /** One timer, set to the next moment the text, the warning or a notice changes; none when nothing is open. */
  private schedule(grants: readonly RememberedGrant[], now: number, warningMs: number, renewalDue?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    const endTimes = grants.filter((g) => !g.opening).map((g) => g.endTimeUtc);
    // Ended grants wait for their notice: one more tick right after the end.
    let delay =
      nextTickDelay(endTimes, now, warningMs) ?? (grants.some((g) => g.opening) ? OPENING_TICK_MS : undefined);
    if (renewalDue !== undefined) delay = Math.min(delay ?? Infinity, Math.max(0, renewalDue - now));
    if (delay !== undefined) this.timer = setTimeout(() => void this.tick(), delay);
  }

  private holdPolling(active: boolean): void {
    if (active && !this.keepAlive) this.keepAlive = this.deps.policies.keepAlive();
    else if (!active && this.keepAlive) {
      this.keepAlive.dispose();
      this.keepAlive = undefined;
    }
  }

  /** A grant opening that no request of this tracker watches (remembered before a reload): watch its policy once. */
  private watchOpening(grants: readonly RememberedGrant[]): void {
    for (const g of grants) {
      const key = watchKey(g);
      if (!g.opening || this.watched.has(key)) continue;
      this.watched.add(key);
      const ref = parsePolicyId(g.policyId);
      if (ref) this.deps.policies.watch(ref);
    }
  }

  /** Azure has the last word on an ended grant (a renewal may have replaced it): read its policy once. */
  private refreshEnded(g: RememberedGrant): void {
    const key = watchKey(g);
    if (this.refreshedAtEnd.has(key)) return;
    this.refreshedAtEnd.add(key);
    const ref = parsePolicyId(g.policyId);
    if (!ref) return;
    this.deps.policies.refresh(ref).then(
      () => void this.tick(),
      (e) =>
        this.deps.log.warn(
          `Could not refresh policy ${g.policyId} after its grant ended: ${e instanceof Error ? e.message : String(e)}`,
        ),
    );
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

function watchKey(g: RememberedGrant): string {
  return `${grantKey(g.policyId, g.vmId, g.port)}|${g.endTimeUtc}`;
}

/** "web-01:22, web-01:3389" for the log. */
function describe(body: PlannedRequest["body"]): string {
  return body.virtualMachines
    .flatMap((vm) => vm.ports.map((p) => `${vmNameFromId(vm.id) || vm.id}:${p.number}`))
    .join(", ");
}

/** The 202's end times, ISO, for the log. */
function endsText(granted: JitRequest): string {
  const ends = new Set(
    granted.virtualMachines.flatMap((vm) =>
      vm.ports.map((p) => (Number.isFinite(p.endTimeUtc) ? new Date(p.endTimeUtc).toISOString() : "?")),
    ),
  );
  return [...ends].join(", ") || "?";
}
