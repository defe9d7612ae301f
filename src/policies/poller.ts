// When to read which policy again: the fast watch after a change (initiate, PUT) and the periodic poll of policies
// with an opening or open port while someone looks (the view, or a keep-alive such as the status bar's countdown).
// Nothing polls while nothing is opening or open. The schedule itself is core's planPolls; this file owns the timer.
import { toJitError } from "../azure/errors";
import { fastPollDelay, nextWatchAt, planPolls } from "../core/pollSchedule";
import { policyId, policyRefOf, type PolicyRef } from "../core/resourceId";
import type { Policy } from "../core/types";
import type { Disposable } from "../core/events";
import type { PolicyCache, PolicyLog } from "./policyCache";
import { policySettled, pollTargets } from "./pollTargets";

interface Watch {
  ref: PolicyRef;
  attempt: number;
  nextAt: number;
}

export class PolicyPoller implements Disposable {
  private readonly watches = new Map<string, Watch>();
  /** Policies whose fast schedule ran out while still opening: the periodic poll takes over, no new fast round. */
  private readonly gaveUp = new Set<string>();
  private keepAlives = 0;
  private viewVisible = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private readonly disposables: Disposable[];

  constructor(
    private readonly cache: PolicyCache,
    private readonly serverNow: () => number,
    private readonly log: PolicyLog,
    /** The refresh interval in ms, read (and validated) each time the poll is planned. */
    private readonly intervalMs: () => number,
  ) {
    this.disposables = [
      cache.onDidRead(() => this.schedule()),
      cache.onDidEndSession(() => {
        this.watches.clear();
        this.gaveUp.clear();
      }),
      // Settled again: the next "Initiating" or "Updating" seen on it gets a fast round of its own.
      cache.onDidChangePolicy((policy) => {
        if (this.settled(policy)) this.gaveUp.delete(policy.id.toLowerCase());
      }),
    ];
  }

  /** A change was just made (initiate/PUT): poll this policy fast (≈2,4,8 s…) until it settles. */
  watch(ref: PolicyRef): void {
    const key = policyId(ref).toLowerCase();
    this.gaveUp.delete(key);
    this.watches.set(key, { ref, attempt: 0, nextAt: Date.now() + (fastPollDelay(0) ?? 2_000) });
    this.schedule();
  }

  /** Keeps the periodic poll running while the view is hidden. Dispose to release. */
  keepAlive(): Disposable {
    this.keepAlives++;
    this.schedule();
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        this.keepAlives--;
        this.schedule();
      },
    };
  }

  setViewVisible(visible: boolean): void {
    this.viewVisible = visible;
    this.schedule();
  }

  /** The refresh interval setting changed: plan again with it. */
  reschedule(): void {
    this.schedule();
  }

  /** What is pending, for tests and diagnostics: the watched policies and whether a timer or a poll is running. */
  state(): { watched: string[]; timerSet: boolean; polling: boolean } {
    return { watched: [...this.watches.keys()], timerSet: this.timer !== undefined, polling: this.polling };
  }

  /** Plans the next poll from the current state; stops the timer when nothing needs one. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.polling) return;
    const now = Date.now();
    const plan = planPolls({
      now,
      intervalMs: this.intervalMs(),
      wantsPeriodic: this.viewVisible || this.keepAlives > 0,
      active: this.activePolicies().map((p) => ({
        key: p.id.toLowerCase(),
        lastReadAt: this.cache.lastReadAt.get(p.id.toLowerCase()) ?? now,
      })),
      watches: [...this.watches.entries()].map(([key, w]) => ({ key, nextAt: w.nextAt })),
    });
    if (plan.due.length > 0) {
      void this.poll(plan.due);
      return;
    }
    if (plan.nextAt !== undefined) this.timer = setTimeout(() => this.schedule(), Math.max(0, plan.nextAt - now));
  }

  /** Policies to keep reading: an opening or open port, or a PUT still being applied ("updating…" in the tree). */
  private activePolicies(): Policy[] {
    const targets = pollTargets(this.cache.all(), this.serverNow());
    // Something seen "Initiating" or "Updating" is watched fast even if nobody here called watch() (another client).
    for (const policy of targets.autoWatch) {
      const key = policy.id.toLowerCase();
      if (this.watches.has(key) || this.gaveUp.has(key)) continue;
      this.watches.set(key, { ref: policyRefOf(policy), attempt: 0, nextAt: Date.now() + (fastPollDelay(0) ?? 2_000) });
    }
    return targets.active;
  }

  private settled(policy: Policy): boolean {
    return policySettled(policy, this.serverNow());
  }

  private async poll(keys: string[]): Promise<void> {
    this.polling = true;
    const session = this.cache.session;
    try {
      await Promise.all(
        keys.map(async (key) => {
          const watch = this.watches.get(key);
          const known = this.cache.find(key);
          const ref = watch?.ref ?? (known && policyRefOf(known));
          if (!ref) return;
          try {
            const policy = await this.cache.jitApi(ref.subscriptionId).getPolicy(ref);
            if (session !== this.cache.session) return;
            this.cache.apply(policy);
            if (watch) this.advanceWatch(key, watch, policy);
          } catch (e) {
            if (session !== this.cache.session) return;
            const error = toJitError(e, "read");
            this.log.warn(`Poll of ${key} failed: ${error.message}`);
            if (error.kind === "notFound") {
              this.watches.delete(key);
              this.cache.remove(ref);
            }
            // Failed polls still count, so a broken policy cannot keep the fast schedule alive forever.
            this.cache.lastReadAt.set(key, Date.now());
            if (watch) this.advanceWatch(key, watch, undefined);
          }
        }),
      );
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private advanceWatch(key: string, watch: Watch, policy: Policy | undefined): void {
    const settled = policy !== undefined && this.settled(policy);
    const next = nextWatchAt(watch.attempt, settled, Date.now());
    if (next === undefined) {
      this.watches.delete(key);
      if (settled) this.gaveUp.delete(key);
      else this.gaveUp.add(key);
    } else this.watches.set(key, { ...watch, attempt: watch.attempt + 1, nextAt: next });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
