// The grant tracker (Services.grants): the one owner of this user's grants. It owns what was requested (the grant
// memory, kept across reloads), what is in flight, reconciliation with what Azure reports, when notices are due,
// the fast watch after a request and the keep-alive of the periodic poll while a grant is open. The one request
// function (request()) serves the form, quick request, re-request, connect and keep-open's renewals (keepOpen.ts owns
// the kept-open entries, their lease and the renewal loop; the tracker runs its pass on each tick). No vscode
// import: the emulator tests drive it with the real SDK; the UI parts (status bar, form, commands) only call it and
// draw its state.
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
import { portRule } from "../core/requestPlan";
import type { KeepOpenEntry } from "../core/renewal";
import { parsePolicyId, policyRefOf, vmNameFromId, type PolicyRef } from "../core/resourceId";
import { Emitter, type Disposable, type Event } from "../core/events";
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
import { KeepOpen } from "./keepOpen";
import { mySources } from "./me";
import { PendingRequests } from "./pending";
import { LIST_LAG_MS, reconcileGrants } from "./reconcile";

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

export class GrantTracker implements Grants, Disposable {
  private readonly memory: GrantMemory;
  private readonly inFlight = new PendingRequests();
  private readonly changed = new Emitter<void>();
  private readonly notices = new Emitter<GrantNotice>();
  readonly onDidChange = this.changed.event;
  readonly onNotice = this.notices.event;
  private readonly keepOpens: KeepOpen;
  /** Keep-open stopped on its own (cap, narrowed policy, failures, ended): the status bar says why. */
  readonly onKeepOpenStopped: Event<KeepOpenStopped>;
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
    this.keepOpens = new KeepOpen({
      state: deps.state,
      memory: this.memory,
      policies: deps.policies,
      serverNow: () => deps.serverNow(),
      log: deps.log,
      keepOpenMaxHours: () => deps.keepOpenMaxHours(),
      windowId: deps.windowId ?? randomUUID(),
      request: (planned) => this.request(planned),
      tick: () => this.tick(),
      changed: () => this.changed.fire(),
    });
    this.onKeepOpenStopped = this.keepOpens.onStopped;
    this.disposables.push(
      deps.policies.onDidChangePolicy(() => this.reconcileSoon()),
      this.memory.onDidChange(() => this.changed.fire()),
      this.inFlight.onDidChange(() => this.changed.fire()),
      this.changed,
      this.notices,
      this.keepOpens,
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
      // This request's own grants are marked as just sent whether or not a tick has watched them already: globalState
      // holds the new value before its update() resolves, so a tick in between sees the grant and watches it as if
      // remembered before a reload. Without the mark, a server clock that jumps before the next read drops it.
      const sentAt = this.monotonicNow();
      const sent = new Set(choice.vms.flatMap((vm) => vm.ports.map((port) => grantKey(policy.id, vm.vmId, port))));
      for (const g of this.memory.grants()) {
        const key = watchKey(g);
        if (g.opening && (sent.has(grantKey(g.policyId, g.vmId, g.port)) || !this.watched.has(key)))
          this.sentAt.set(key, sentAt);
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

  // ---- keep open (keepOpen.ts) -------------------------------------------------------------------------------

  /** Every kept-open port (all windows share them through globalState). */
  keptOpen(): KeepOpenEntry[] {
    return this.keepOpens.entries();
  }

  keepOpenOf(policyId: string, vmId: string, port: number): KeepOpenEntry | undefined {
    return this.keepOpens.entryOf(policyId, vmId, port);
  }

  /** Keep open on for an open grant of mine (a grant open to any source needs its own confirmation). */
  keepOpen(ref: GrantRef, options: { anySourceConfirmed?: boolean } = {}): Promise<KeepOpenResult> {
    return this.keepOpens.start(ref, options);
  }

  /** Turns keep-open off (the user, or sign-out): the current grant runs to its end. */
  stopKeepOpen(ref: GrantRef, why?: string): Promise<void> {
    return this.keepOpens.stop(ref, why);
  }

  /** Signed out: nothing is renewed any more. */
  stopAllKeepOpen(why: string): Promise<void> {
    return this.keepOpens.stopAll(why);
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
    // Said in the log, so a grant that disappears before its end can be traced to the read that dropped it.
    const kept = new Set(grants.map((g) => grantKey(g.policyId, g.vmId, g.port)));
    for (const g of memory.grants())
      if (g.endTimeUtc > now && !kept.has(grantKey(g.policyId, g.vmId, g.port)))
        this.deps.log.info(
          `Grant ${g.vmName}:${g.port} (ends ${new Date(g.endTimeUtc).toISOString()}) is no longer listed as open by Azure: dropped`,
        );

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
    const renewalDue = await this.keepOpens.pass(grants, now);
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
