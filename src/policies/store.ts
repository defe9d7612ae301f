// Every loaded policy, per subscription, and the live polling of the ones with an opening or open port.
// Loads the whole selection at once with the parallel loader (src/azure/loader.ts); each subscription's result is
// published as soon as it arrives. Change events name exactly what changed so the tree re-renders only that.
import * as vscode from "vscode";
import { toJitError } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { loadPolicies, type SubscriptionPolicies } from "../azure/loader";
import type { JitError } from "../core/errors";
import { nextWatchAt, fastPollDelay, planPolls, refreshIntervalMs } from "../core/pollSchedule";
import { policyId, sameId, type PolicyRef } from "../core/resourceId";
import type { Policy, Subscription } from "../core/types";
import type { AzureAccounts } from "../auth/accounts";
import type { FailedTenant } from "../auth/subscriptionFilter";
import type { PolicyStore } from "../services";
import { LoosePolicies } from "./loosePolicies";
import { pollTargets, policySettled } from "./pollTargets";

interface Watch {
  ref: PolicyRef;
  attempt: number;
  nextAt: number;
}

/** What happened to the subscription list itself. */
export type RootState =
  | { kind: "idle" }
  | { kind: "loaded"; subscriptions: Subscription[]; failedTenants: FailedTenant[] }
  | { kind: "notSignedIn" }
  | { kind: "failed"; error: JitError };

export class JitPolicyStore implements PolicyStore, vscode.Disposable {
  private readonly policyChanged = new vscode.EventEmitter<Policy>();
  readonly onDidChangePolicy = this.policyChanged.event;
  /** A subscription's result changed shape (error, empty, policies added or removed, locations). */
  private readonly subscriptionChanged = new vscode.EventEmitter<Subscription>();
  readonly onDidChangeSubscription = this.subscriptionChanged.event;
  /** The subscription list (or its failure) changed: re-render from the root. */
  private readonly rootChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeRoot = this.rootChanged.event;

  private root: RootState = { kind: "idle" };
  private rootLoad: Promise<RootState> | undefined;
  private signInCheck: Promise<boolean | undefined> | undefined;
  private readonly results = new Map<string, SubscriptionPolicies>();
  private readonly loose = new LoosePolicies();
  /** Bumped on sign-out: an answer to a call made before it must not bring its policy back. */
  private session = 0;
  private readonly waiting = new Map<string, Array<(r: SubscriptionPolicies) => void>>();
  private allLoad: Promise<void> | undefined;
  private generation = 0;

  private readonly lastReadAt = new Map<string, number>();
  private readonly watches = new Map<string, Watch>();
  /** Policies whose fast schedule ran out while still opening: the periodic poll takes over, no new fast round. */
  private readonly gaveUp = new Set<string>();
  private keepAlives = 0;
  private viewVisible = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private reloadSoon: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly accounts: AzureAccounts,
    private readonly serverNow: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      this.policyChanged,
      this.subscriptionChanged,
      this.rootChanged,
      // Signing in fires both the session change and our own reset: one reload is enough.
      accounts.onDidChange(() => {
        if (this.reloadSoon) clearTimeout(this.reloadSoon);
        this.reloadSoon = setTimeout(() => {
          this.reloadSoon = undefined;
          void this.reloadAll();
        }, 50);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("azureJit.refreshIntervalSeconds")) this.schedule();
      }),
    ];
  }

  // --- reading -------------------------------------------------------------------------------------------------

  all(): Policy[] {
    return [...[...this.results.values()].flatMap((r) => r.policies ?? []), ...this.loose.all()];
  }

  find(policyIdOrRef: string | PolicyRef): Policy | undefined {
    const id = typeof policyIdOrRef === "string" ? policyIdOrRef : policyId(policyIdOrRef);
    return this.all().find((p) => sameId(p.id, id));
  }

  rootState(): RootState {
    return this.root;
  }

  result(subscriptionId: string): SubscriptionPolicies | undefined {
    return this.results.get(subscriptionId.toLowerCase());
  }

  /** The subscription's result, waiting for the running load if it has not arrived yet. */
  async resultWhenLoaded(subscription: Subscription): Promise<SubscriptionPolicies> {
    const key = subscription.subscriptionId.toLowerCase();
    const found = this.results.get(key);
    if (found) return found;
    if (!this.allLoad) void this.loadAll();
    return new Promise((resolve) => {
      const list = this.waiting.get(key) ?? [];
      list.push(resolve);
      this.waiting.set(key, list);
    });
  }

  // --- loading -------------------------------------------------------------------------------------------------

  /**
   * Whether the running (or last) root load found a session: known long before the subscriptions are listed.
   * undefined when the check failed (settings error) or no load ran yet.
   */
  signInKnown(): Promise<boolean | undefined> {
    return this.signInCheck ?? Promise.resolve(undefined);
  }

  /** Lists the selected subscriptions (once; again after reloadAll). */
  loadRoot(): Promise<RootState> {
    if (this.rootLoad) return this.rootLoad;
    const signedIn = this.accounts.isSignedIn();
    this.signInCheck = signedIn.catch(() => undefined);
    this.rootLoad = (async (): Promise<RootState> => {
      try {
        if (!(await signedIn)) return this.setRoot({ kind: "notSignedIn" });
        const { subscriptions, failedTenants } = await this.accounts.selection();
        return this.setRoot({ kind: "loaded", subscriptions, failedTenants });
      } catch (e) {
        let error = toJitError(e, "read");
        if (error.kind === "notSignedIn" && this.accounts.mode === "vscode") return this.setRoot({ kind: "notSignedIn" });
        // The Azure CLI's own words ("az was not found", "run az login") are the useful part: make them the label.
        if (error.kind === "notSignedIn" && error.detail) error = { ...error, message: error.detail };
        this.log.warn(`Listing subscriptions failed: ${error.message}`);
        return this.setRoot({ kind: "failed", error });
      }
    })();
    return this.rootLoad;
  }

  /** Loads every selected subscription's policies in parallel (once; again after reloadAll). */
  loadAll(): Promise<void> {
    this.allLoad ??= this.loadRoot().then(async (root) => {
      if (root.kind !== "loaded") {
        this.releaseWaiting();
        return;
      }
      await this.loadSubscriptions(root.subscriptions);
    });
    return this.allLoad;
  }

  ensureLoaded(): Promise<void> {
    return this.loadAll();
  }

  /** The refresh command: subscriptions and policies again; only what changed is re-rendered. */
  async reloadAll(): Promise<void> {
    this.accounts.forgetDirectory();
    const before = this.root;
    this.rootLoad = undefined;
    this.allLoad = undefined;
    const after = await this.loadRoot();
    if (after.kind === "notSignedIn") this.forgetSession();
    if (!sameRoot(before, after)) {
      // Subscriptions no longer shown must not keep polling or answering find().
      const keep = new Set(after.kind === "loaded" ? after.subscriptions.map((s) => s.subscriptionId.toLowerCase()) : []);
      for (const key of [...this.results.keys()]) if (!keep.has(key)) this.results.delete(key);
      this.rootChanged.fire();
    }
    await this.loadAll();
  }

  /** The retry action of one failed subscription. */
  async reloadSubscription(subscription: Subscription): Promise<void> {
    await this.loadSubscriptions([subscription]);
  }

  /** Signed out: nothing read with the old sign-in keeps polling or answering find(). */
  private forgetSession(): void {
    this.session++;
    this.watches.clear();
    this.gaveUp.clear();
    this.loose.clear();
    this.lastReadAt.clear();
    this.schedule();
  }

  private setRoot(state: RootState): RootState {
    this.root = state;
    return state;
  }

  private async loadSubscriptions(subscriptions: Subscription[]): Promise<void> {
    const generation = ++this.generation;
    // Each subscription's result is published the moment it arrives, while the loader keeps its parallelism.
    const apiFor = (s: Subscription): JitApi => {
      const api = this.accounts.jitApi(s.subscriptionId);
      return {
        ...api,
        listPolicies: async (subscriptionId) => {
          try {
            const policies = await api.listPolicies(subscriptionId);
            this.publish({ subscription: s, policies }, generation);
            return policies;
          } catch (e) {
            this.publish({ subscription: s, error: toJitError(e, "read") }, generation);
            throw e;
          }
        },
      };
    };
    const results = await loadPolicies(subscriptions, apiFor);
    for (const r of results) this.publish(r, generation);
    this.schedule();
  }

  private publish(result: SubscriptionPolicies, generation: number): void {
    if (generation < this.generation && this.results.has(result.subscription.subscriptionId.toLowerCase())) return;
    const key = result.subscription.subscriptionId.toLowerCase();
    const before = this.results.get(key);
    if (before && before.policies === result.policies && before.error === result.error) return;
    this.results.set(key, result);
    const now = Date.now();
    for (const p of result.policies ?? []) this.lastReadAt.set(p.id.toLowerCase(), now);
    if (result.policies) {
      // The list now holds the policies read one by one before it; tell listeners about those that changed.
      for (const old of this.loose.take(key)) {
        const fresh = result.policies.find((p) => sameId(p.id, old.id));
        if (fresh && JSON.stringify(fresh) !== JSON.stringify(old)) this.policyChanged.fire(fresh);
      }
    }
    for (const resolve of this.waiting.get(key) ?? []) resolve(result);
    this.waiting.delete(key);
    if (!before) return;
    if (shapeOf(before) !== shapeOf(result)) {
      this.subscriptionChanged.fire(result.subscription);
      return;
    }
    const old = new Map((before.policies ?? []).map((p) => [p.id.toLowerCase(), p]));
    for (const p of result.policies ?? []) {
      const previous = old.get(p.id.toLowerCase());
      if (!previous || JSON.stringify(previous) !== JSON.stringify(p)) this.policyChanged.fire(p);
    }
  }

  private releaseWaiting(): void {
    for (const [key, list] of this.waiting) {
      const subscription: Subscription = { subscriptionId: key, tenantId: "", displayName: key };
      for (const resolve of list) resolve({ subscription, policies: [] });
    }
    this.waiting.clear();
  }

  // --- one policy ----------------------------------------------------------------------------------------------

  async refresh(ref: PolicyRef): Promise<Policy> {
    const session = this.session;
    try {
      const policy = await this.accounts.jitApi(ref.subscriptionId).getPolicy(ref);
      if (session === this.session) this.apply(policy);
      return policy;
    } catch (e) {
      if (toJitError(e, "read").kind === "notFound") this.remove(ref);
      throw e;
    } finally {
      this.schedule();
    }
  }

  watch(ref: PolicyRef): void {
    const key = policyId(ref).toLowerCase();
    this.gaveUp.delete(key);
    this.watches.set(key, { ref, attempt: 0, nextAt: Date.now() + (fastPollDelay(0) ?? 2_000) });
    this.schedule();
  }

  keepAlive(): vscode.Disposable {
    this.keepAlives++;
    this.schedule();
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      this.keepAlives--;
      this.schedule();
    });
  }

  setViewVisible(visible: boolean): void {
    this.viewVisible = visible;
    this.schedule();
  }

  private apply(policy: Policy): void {
    const key = policy.subscriptionId.toLowerCase();
    this.lastReadAt.set(policy.id.toLowerCase(), Date.now());
    // Settled again: the next "Initiating" or "Updating" seen on it gets a fast round of its own.
    if (this.settled(policy)) this.gaveUp.delete(policy.id.toLowerCase());
    const result = this.results.get(key);
    if (!result?.policies) {
      // Subscription not listed (tree never loaded, not selected) or its list failed: keep it on the side, so the
      // status bar's countdown still finds and polls it.
      if (this.loose.set(policy)) this.policyChanged.fire(policy);
      return;
    }
    const policies = result.policies;
    const index = policies.findIndex((p) => sameId(p.id, policy.id));
    if (index >= 0) {
      if (JSON.stringify(policies[index]) === JSON.stringify(policy)) return;
      const next = [...policies];
      next[index] = policy;
      this.results.set(key, { subscription: result.subscription, policies: next });
      this.policyChanged.fire(policy);
    } else {
      this.results.set(key, { subscription: result.subscription, policies: [...policies, policy] });
      this.subscriptionChanged.fire(result.subscription);
    }
  }

  private remove(ref: PolicyRef): void {
    const key = ref.subscriptionId.toLowerCase();
    const result = this.results.get(key);
    const id = policyId(ref);
    this.watches.delete(id.toLowerCase());
    this.loose.delete(id);
    if (!result?.policies?.some((p) => sameId(p.id, id))) return;
    this.results.set(key, { subscription: result.subscription, policies: result.policies.filter((p) => !sameId(p.id, id)) });
    this.subscriptionChanged.fire(result.subscription);
  }

  // --- live polling --------------------------------------------------------------------------------------------

  /** Plans the next poll from the current state; stops the timer when nothing needs one. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.polling) return;
    const now = Date.now();
    const plan = planPolls({
      now,
      intervalMs: refreshIntervalMs(vscode.workspace.getConfiguration("azureJit").get("refreshIntervalSeconds")),
      wantsPeriodic: this.viewVisible || this.keepAlives > 0,
      active: this.activePolicies().map((p) => ({ key: p.id.toLowerCase(), lastReadAt: this.lastReadAt.get(p.id.toLowerCase()) ?? now })),
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
    const targets = pollTargets(this.all(), this.serverNow());
    // Something seen "Initiating" or "Updating" is watched fast even if nobody here called watch() (another client).
    for (const policy of targets.autoWatch) {
      const key = policy.id.toLowerCase();
      if (this.watches.has(key) || this.gaveUp.has(key)) continue;
      const ref = refOf(policy);
      if (ref) this.watches.set(key, { ref, attempt: 0, nextAt: Date.now() + (fastPollDelay(0) ?? 2_000) });
    }
    return targets.active;
  }

  private settled(policy: Policy): boolean {
    return policySettled(policy, this.serverNow());
  }

  private async poll(keys: string[]): Promise<void> {
    this.polling = true;
    const session = this.session;
    try {
      await Promise.all(
        keys.map(async (key) => {
          const watch = this.watches.get(key);
          const ref = watch?.ref ?? refOf(this.find(key));
          if (!ref) return;
          try {
            const policy = await this.accounts.jitApi(ref.subscriptionId).getPolicy(ref);
            if (session !== this.session) return;
            this.apply(policy);
            if (watch) this.advanceWatch(key, watch, policy);
          } catch (e) {
            if (session !== this.session) return;
            const error = toJitError(e, "read");
            this.log.warn(`Poll of ${key} failed: ${error.message}`);
            if (error.kind === "notFound") this.remove(ref);
            // Failed polls still count, so a broken policy cannot keep the fast schedule alive forever.
            this.lastReadAt.set(key, Date.now());
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
    if (this.reloadSoon) clearTimeout(this.reloadSoon);
    for (const d of this.disposables) d.dispose();
  }
}

function refOf(policy: Policy | undefined): PolicyRef | undefined {
  if (!policy) return undefined;
  return { subscriptionId: policy.subscriptionId, resourceGroup: policy.resourceGroup, location: policy.location, name: policy.name };
}

/** What the subscription's children look like: error, empty, or these locations holding these policies. */
function shapeOf(result: SubscriptionPolicies): string {
  if (result.error) return `error:${result.error.kind}:${result.error.message}`;
  const policies = result.policies ?? [];
  if (policies.length === 0) return "empty";
  return policies
    .map((p) => `${p.location.toLowerCase()}|${p.id.toLowerCase()}`)
    .sort()
    .join(",");
}

function sameRoot(a: RootState, b: RootState): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "loaded" && b.kind === "loaded") {
    const ids = (s: Subscription[]) => s.map((x) => `${x.subscriptionId}|${x.displayName}|${x.tenantId}`).join(",");
    const tenants = (f: FailedTenant[]) => f.map((x) => `${x.tenant.tenantId}|${x.tenant.displayName ?? ""}|${x.error.message}`).join(",");
    return ids(a.subscriptions) === ids(b.subscriptions) && tenants(a.failedTenants) === tenants(b.failedTenants);
  }
  if (a.kind === "failed" && b.kind === "failed") return a.error.message === b.error.message;
  return true;
}
