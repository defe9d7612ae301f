// Every loaded policy, per subscription: the whole selection loaded at once with the parallel loader
// (src/azure/loader.ts), each subscription's result published as soon as it arrives, one policy read again on
// demand. Change events name exactly what changed so the tree re-renders only that. No timers: src/policies/poller.ts
// decides when to read again. No VS Code either: the integration tests run it against the emulator.
import { toJitError } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { loadPolicies, type SubscriptionPolicies } from "../azure/loader";
import { policyId, sameId, type PolicyRef } from "../core/resourceId";
import type { Policy, Subscription } from "../core/types";
import type { FailedTenant } from "../auth/subscriptionFilter";
import { Emitter, type Disposable, type Event } from "../core/events";
import { changedPolicies, sameContent, sameRoot, shapeOf, type RootState } from "./changes";
import { LoosePolicies } from "./loosePolicies";

/** What the cache needs from the signed-in account (AzureAccounts in the extension, the emulator in tests). */
export interface PolicySource {
  readonly mode: string;
  isSignedIn(): Promise<boolean>;
  selection(): Promise<{ subscriptions: Subscription[]; failedTenants: FailedTenant[] }>;
  jitApi(subscriptionId: string): JitApi;
  forgetDirectory(): void;
  /** Sign-in/out, auth mode, cloud or subscription selection changed. */
  readonly onDidChange: Event<void>;
}

export interface PolicyLog {
  warn(message: string): void;
}

export class PolicyCache implements Disposable {
  private readonly policyChanged = new Emitter<Policy>();
  readonly onDidChangePolicy = this.policyChanged.event;
  /** A subscription's result changed shape (error, empty, policies added or removed, locations). */
  private readonly subscriptionChanged = new Emitter<Subscription>();
  readonly onDidChangeSubscription = this.subscriptionChanged.event;
  /** The subscription list (or its failure) changed: re-render from the root. */
  private readonly rootChanged = new Emitter<void>();
  readonly onDidChangeRoot = this.rootChanged.event;
  /** A load or read finished, or the session ended: the poller plans again. */
  private readonly read = new Emitter<void>();
  readonly onDidRead = this.read.event;
  /** Signed out: every watch and read time of the old session goes. */
  private readonly sessionEnded = new Emitter<void>();
  readonly onDidEndSession = this.sessionEnded.event;

  private root: RootState = { kind: "idle" };
  private rootLoad: Promise<RootState> | undefined;
  private signInCheck: Promise<boolean | undefined> | undefined;
  private readonly results = new Map<string, SubscriptionPolicies>();
  private readonly loose = new LoosePolicies();
  /** Bumped on sign-out: an answer to a call made before it must not bring its policy back. */
  private sessionNumber = 0;
  private readonly waiting = new Map<string, Array<(r: SubscriptionPolicies) => void>>();
  private allLoad: Promise<void> | undefined;
  private generation = 0;
  /** Local time each policy was last read (lower-case id). */
  readonly lastReadAt = new Map<string, number>();

  constructor(
    private readonly source: PolicySource,
    private readonly log: PolicyLog,
  ) {}

  get session(): number {
    return this.sessionNumber;
  }

  jitApi(subscriptionId: string): JitApi {
    return this.source.jitApi(subscriptionId);
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
    const signedIn = this.source.isSignedIn();
    this.signInCheck = signedIn.catch(() => undefined);
    this.rootLoad = (async (): Promise<RootState> => {
      try {
        if (!(await signedIn)) return this.setRoot({ kind: "notSignedIn" });
        const { subscriptions, failedTenants } = await this.source.selection();
        return this.setRoot({ kind: "loaded", subscriptions, failedTenants });
      } catch (e) {
        let error = toJitError(e, "read");
        if (error.kind === "notSignedIn" && this.source.mode === "vscode") return this.setRoot({ kind: "notSignedIn" });
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
    this.source.forgetDirectory();
    const before = this.root;
    this.rootLoad = undefined;
    this.allLoad = undefined;
    const after = await this.loadRoot();
    if (after.kind === "notSignedIn") this.forgetSession();
    if (!sameRoot(before, after)) {
      // Subscriptions no longer shown must not keep polling or answering find().
      const keep = new Set(
        after.kind === "loaded" ? after.subscriptions.map((s) => s.subscriptionId.toLowerCase()) : [],
      );
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
    this.sessionNumber++;
    this.loose.clear();
    this.lastReadAt.clear();
    this.sessionEnded.fire();
    this.read.fire();
  }

  private setRoot(state: RootState): RootState {
    this.root = state;
    return state;
  }

  private async loadSubscriptions(subscriptions: Subscription[]): Promise<void> {
    const generation = ++this.generation;
    // Each subscription's result is published the moment it arrives, while the loader keeps its parallelism.
    await loadPolicies(subscriptions, (s) => this.source.jitApi(s.subscriptionId), {
      onResult: (result) => this.publish(result, generation),
    });
    this.read.fire();
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
        if (fresh && !sameContent(fresh, old)) this.policyChanged.fire(fresh);
      }
    }
    for (const resolve of this.waiting.get(key) ?? []) resolve(result);
    this.waiting.delete(key);
    if (!before) return;
    if (shapeOf(before) !== shapeOf(result)) {
      this.subscriptionChanged.fire(result.subscription);
      return;
    }
    for (const p of changedPolicies(before, result)) this.policyChanged.fire(p);
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
    const session = this.sessionNumber;
    try {
      const policy = await this.source.jitApi(ref.subscriptionId).getPolicy(ref);
      if (session === this.sessionNumber) this.apply(policy);
      return policy;
    } catch (e) {
      if (toJitError(e, "read").kind === "notFound") this.remove(ref);
      throw e;
    } finally {
      this.read.fire();
    }
  }

  apply(policy: Policy): void {
    const key = policy.subscriptionId.toLowerCase();
    this.lastReadAt.set(policy.id.toLowerCase(), Date.now());
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
      if (sameContent(policies[index]!, policy)) return;
      const next = [...policies];
      next[index] = policy;
      this.results.set(key, { subscription: result.subscription, policies: next });
      this.policyChanged.fire(policy);
    } else {
      this.results.set(key, { subscription: result.subscription, policies: [...policies, policy] });
      this.subscriptionChanged.fire(result.subscription);
    }
  }

  remove(ref: PolicyRef): void {
    const key = ref.subscriptionId.toLowerCase();
    const result = this.results.get(key);
    const id = policyId(ref);
    this.loose.delete(id);
    if (!result?.policies?.some((p) => sameId(p.id, id))) return;
    this.results.set(key, {
      subscription: result.subscription,
      policies: result.policies.filter((p) => !sameId(p.id, id)),
    });
    this.subscriptionChanged.fire(result.subscription);
  }

  dispose(): void {
    for (const e of [this.policyChanged, this.subscriptionChanged, this.rootChanged, this.read, this.sessionEnded])
      e.dispose();
  }
}
