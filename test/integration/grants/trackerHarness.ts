// The grant tracker over the real policies part and the real SDK against the emulator: what extension.ts builds,
// without VS Code. The policy store is wrapped only to count watch() calls; everything else is the real thing.
import { createJitApi, type JitApi } from "../../../src/azure/jit";
import { loadDirectory } from "../../../src/auth/directory";
import { Emitter } from "../../../src/core/events";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { StateStore } from "../../../src/grants/grantMemory";
import { GrantTracker, type TrackerDeps } from "../../../src/grants/tracker";
import type { PolicySource } from "../../../src/policies/policyCache";
import { JitPolicyStore } from "../../../src/policies/store";
import type { PolicyStore } from "../../../src/services";
import type { Harness } from "../../support/azureHarness";

export const PROD = "00000000-0000-0000-0000-00000000000a";
export const webProd: PolicyRef = {
  subscriptionId: PROD,
  resourceGroup: "rg-web-prod",
  location: "westeurope",
  name: "default",
};
export const WEB_PROD_ID = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
export const web01 = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`;
export const ME = "jit.user@contoso.com";

/** A Memento-like store (globalState survives a reload as JSON). */
export function memento(): StateStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => (data.has(key) ? (JSON.parse(JSON.stringify(data.get(key))) as T) : undefined),
    update: async (key: string, value: unknown) => void data.set(key, JSON.parse(JSON.stringify(value))),
  };
}

export function policySource(h: Harness): PolicySource {
  const apis = new Map<string, JitApi>();
  const changed = new Emitter<void>();
  return {
    mode: "cli",
    onDidChange: changed.event,
    isSignedIn: async () => true,
    selection: async () => {
      const directory = await loadDirectory(() => h.settings);
      return { subscriptions: directory.subscriptions, failedTenants: directory.failedTenants };
    },
    jitApi: (subscriptionId) => {
      let api = apis.get(subscriptionId);
      if (!api) apis.set(subscriptionId, (api = createJitApi(h.settings)));
      return api;
    },
    forgetDirectory: () => {},
  };
}

export interface TrackerRig {
  store: JitPolicyStore;
  /** The store as the tracker sees it, counting watch() calls. */
  policies: PolicyStore;
  watches: PolicyRef[];
  tracker: GrantTracker;
  state: StateStore & { data: Map<string, unknown> };
  logs: string[];
  serverNow(): number;
  /** Another tracker over the same storage and store (a window reload, or with another windowId, a second window). */
  reload(extra?: Partial<TrackerDeps>): GrantTracker;
  dispose(): void;
}

export function trackerRig(
  h: Harness,
  options: {
    state?: StateStore & { data: Map<string, unknown> };
    warningMs?: number;
    keepOpenMaxHours?: number;
    extra?: Partial<TrackerDeps>;
  } = {},
): TrackerRig {
  const serverNow = (): number => h.clock.now(Date.now());
  const logs: string[] = [];
  const log = {
    info: (m: string) => void logs.push(`info ${m}`),
    warn: (m: string) => void logs.push(`warn ${m}`),
    error: (m: string) => void logs.push(`error ${m}`),
  };
  const source = policySource(h);
  // A short interval, so a poll is seen within a test; production clamps the setting to 15 s–1 h.
  const store = new JitPolicyStore(source, serverNow, log, () => 300);
  const watches: PolicyRef[] = [];
  const policies: PolicyStore = {
    all: () => store.all(),
    find: (idOrRef) => store.find(idOrRef),
    refresh: (ref) => store.refresh(ref),
    watch: (ref) => {
      watches.push(ref);
      store.watch(ref);
    },
    onDidChangePolicy: store.onDidChangePolicy,
    ensureLoaded: () => store.ensureLoaded(),
    keepAlive: () => store.keepAlive(),
  };
  const state = options.state ?? memento();
  const trackers: GrantTracker[] = [];
  const make = (more: Partial<TrackerDeps> = {}): GrantTracker => {
    const tracker = new GrantTracker({
      state,
      policies,
      jitApi: (subscriptionId) => source.jitApi(subscriptionId),
      serverNow,
      log,
      signedInAs: () => ME,
      noticeOptions: () => ({ warningMs: options.warningMs ?? 5 * 60_000, warningNotification: true }),
      keepOpenMaxHours: () => options.keepOpenMaxHours ?? 8,
      startupReconcileMs: false,
      ...options.extra,
      ...more,
    });
    trackers.push(tracker);
    return tracker;
  };
  const tracker = make();
  return {
    store,
    policies,
    watches,
    tracker,
    state,
    logs,
    serverNow,
    reload: (extra) => make(extra),
    dispose: () => {
      for (const t of trackers) t.dispose();
      store.dispose();
    },
  };
}

/** Every POST …/initiate the emulator received. */
export async function initiates(h: Harness): Promise<Array<{ path: string; status: number }>> {
  const { value } = (await h.control("GET", "/_emulator/requests")) as {
    value: Array<{ method: string; path: string; status: number }>;
  };
  return value.filter((r) => r.method === "POST" && /\/initiate$/i.test(r.path.split("?")[0]!));
}
