// The policies part as the rest of the extension sees it (Services.policies): the cache (policyCache.ts) and the
// poller (poller.ts) behind one object. Signing in or out reloads everything, once per burst of changes.
import type { SubscriptionPolicies } from "../azure/loader";
import type { PolicyRef } from "../core/resourceId";
import type { Policy, Subscription } from "../core/types";
import type { PolicyStore } from "../services";
import type { Disposable } from "../core/events";
import type { RootState } from "./changes";
import { PolicyCache, type PolicyLog, type PolicySource } from "./policyCache";
import { PolicyPoller } from "./poller";

export class JitPolicyStore implements PolicyStore, Disposable {
  readonly cache: PolicyCache;
  readonly poller: PolicyPoller;
  readonly onDidChangePolicy;
  readonly onDidChangeSubscription;
  readonly onDidChangeRoot;
  private reloadSoon: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: Disposable[];

  constructor(source: PolicySource, serverNow: () => number, log: PolicyLog, intervalMs: () => number) {
    this.cache = new PolicyCache(source, log);
    this.poller = new PolicyPoller(this.cache, serverNow, log, intervalMs);
    this.onDidChangePolicy = this.cache.onDidChangePolicy;
    this.onDidChangeSubscription = this.cache.onDidChangeSubscription;
    this.onDidChangeRoot = this.cache.onDidChangeRoot;
    this.disposables = [
      this.poller,
      this.cache,
      // Signing in fires both the session change and our own reset: one reload is enough.
      source.onDidChange(() => {
        if (this.reloadSoon) clearTimeout(this.reloadSoon);
        this.reloadSoon = setTimeout(() => {
          this.reloadSoon = undefined;
          void this.cache.reloadAll();
        }, 50);
      }),
    ];
  }

  all(): Policy[] {
    return this.cache.all();
  }
  find(policyIdOrRef: string | PolicyRef): Policy | undefined {
    return this.cache.find(policyIdOrRef);
  }
  rootState(): RootState {
    return this.cache.rootState();
  }
  result(subscriptionId: string): SubscriptionPolicies | undefined {
    return this.cache.result(subscriptionId);
  }
  resultWhenLoaded(subscription: Subscription): Promise<SubscriptionPolicies> {
    return this.cache.resultWhenLoaded(subscription);
  }
  signInKnown(): Promise<boolean | undefined> {
    return this.cache.signInKnown();
  }
  loadRoot(): Promise<RootState> {
    return this.cache.loadRoot();
  }
  loadAll(): Promise<void> {
    return this.cache.loadAll();
  }
  ensureLoaded(): Promise<void> {
    return this.cache.ensureLoaded();
  }
  reloadAll(): Promise<void> {
    return this.cache.reloadAll();
  }
  reloadSubscription(subscription: Subscription): Promise<void> {
    return this.cache.reloadSubscription(subscription);
  }
  refresh(ref: PolicyRef): Promise<Policy> {
    return this.cache.refresh(ref);
  }
  watch(ref: PolicyRef): void {
    this.poller.watch(ref);
  }
  keepAlive(): Disposable {
    return this.poller.keepAlive();
  }
  setViewVisible(visible: boolean): void {
    this.poller.setViewVisible(visible);
  }

  dispose(): void {
    if (this.reloadSoon) clearTimeout(this.reloadSoon);
    for (const d of this.disposables) d.dispose();
  }
}
