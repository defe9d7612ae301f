// src/policies (the cache and the poller) against the emulator's demo scenario: the real SDK over HTTPS, no VS Code.
// The source stands in for AzureAccounts: the directory as loadDirectory lists it, one JIT API per tenant.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { createJitApi, type JitApi } from "../../../src/azure/jit";
import { loadDirectory } from "../../../src/auth/directory";
import { portAccess } from "../../../src/core/accessState";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { Policy } from "../../../src/core/types";
import { Emitter } from "../../../src/core/events";
import type { PolicySource } from "../../../src/policies/policyCache";
import { JitPolicyStore } from "../../../src/policies/store";
import { startHarness, type Harness } from "../../support/azureHarness";
import { until } from "../../support/until";

const PROD = "00000000-0000-0000-0000-00000000000a";
const SANDBOX = "00000000-0000-0000-0000-00000000000b";
const FABRIKAM_ENG_NAME = "Fabrikam Engineering";
const webProd: PolicyRef = {
  subscriptionId: PROD,
  resourceGroup: "rg-web-prod",
  location: "westeurope",
  name: "default",
};
const web01 = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`;

interface TestSource extends PolicySource {
  signedIn: boolean;
  changed: Emitter<void>;
}

let h: Harness;

function source(): TestSource {
  const apis = new Map<string, JitApi>();
  const changed = new Emitter<void>();
  const s: TestSource = {
    mode: "cli",
    signedIn: true,
    changed,
    onDidChange: changed.event,
    isSignedIn: async () => s.signedIn,
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
  return s;
}

const warnings: string[] = [];
const log = { warn: (m: string) => void warnings.push(m) };
const serverNow = (): number => h.clock.now(Date.now());

async function policyGets(): Promise<number> {
  const { value } = (await h.control("GET", "/_emulator/requests")) as {
    value: Array<{ method: string; path: string }>;
  };
  return value.filter((r) => r.method === "GET" && /jitNetworkAccessPolicies\/[^/]+$/i.test(r.path.split("?")[0]!))
    .length;
}

const web01Port22 = (p: Policy | undefined) => (p ? portAccess(p, web01, 22, serverNow()).kind : undefined);

describe("policies: cache and poller against the emulator", () => {
  let store: JitPolicyStore;
  let src: TestSource;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
    warnings.length = 0;
    src = source();
    // A short interval, so the periodic poll is seen within a test; production clamps the setting to 15 s–1 h.
    store = new JitPolicyStore(src, serverNow, log, () => 300);
  });
  afterEach(() => store.dispose());

  it("loads the whole selection with one forbidden subscription as that subscription's error", async () => {
    await store.loadAll();
    const root = store.rootState();
    assert.equal(root.kind, "loaded");
    assert.equal(root.kind === "loaded" && root.subscriptions.length, 3);
    assert.equal(store.result(SANDBOX)?.error?.kind, "forbidden");
    assert.equal(store.result(SANDBOX)?.policies, undefined);
    assert.ok((store.result(PROD)?.policies?.length ?? 0) >= 2, "Contoso Production still loads");
    assert.ok(store.find(webProd), "find() answers for a loaded policy");
  });

  it("publishes each subscription as it arrives, not in the order of the selection", async () => {
    // Contoso Production's list answers late: the other two are published before it.
    await h.control("POST", "/_emulator/faults", {
      path: `/subscriptions/${PROD}/providers/Microsoft.Security/jitNetworkAccessPolicies`,
      latencyMs: 1_500,
    });
    const root = await store.loadRoot();
    assert.equal(root.kind, "loaded");
    const order: string[] = [];
    const all = root.kind === "loaded" ? root.subscriptions : [];
    const waits = all.map((s) => store.resultWhenLoaded(s).then(() => void order.push(s.displayName)));
    await Promise.all([store.loadAll(), ...waits]);
    assert.equal(order.length, 3);
    assert.equal(order.at(-1), "Contoso Production");
    assert.ok(order.includes(FABRIKAM_ENG_NAME));
  });

  it("watches a policy after initiate until it settles: opening, then open, then the watch ends", async () => {
    await store.loadAll();
    const api = src.jitApi(PROD);
    await api.initiate(webProd, {
      virtualMachines: [
        { id: web01, ports: [{ number: 22, endTimeUtc: new Date(serverNow() + 3_600_000).toISOString() }] },
      ],
    });
    const seen: string[] = [];
    store.onDidChangePolicy((p) => {
      if (
        p.id
          .toLowerCase()
          .endsWith("/rg-web-prod/providers/microsoft.security/locations/westeurope/jitnetworkaccesspolicies/default")
      ) {
        const kind = web01Port22(p);
        if (kind && seen.at(-1) !== kind) seen.push(kind);
      }
    });
    await store.refresh(webProd);
    assert.equal(web01Port22(store.find(webProd)), "opening");
    store.watch(webProd);
    assert.deepEqual(store.poller.state().watched.length, 1);
    // The service turns Initiating into Initiated a few seconds later.
    await h.control("POST", "/_emulator/clock", { advanceSeconds: 30 });
    await until("the port to read open", () => (web01Port22(store.find(webProd)) === "open" ? true : undefined));
    assert.deepEqual(seen, ["opening", "open"]);
    await until("the watch to end", () => (store.poller.state().watched.length === 0 ? true : undefined));
  });

  it("polls nothing while nothing is opening or open, even with the view visible", async () => {
    // Four hours on, every request of the demo scenario has ended.
    await h.control("POST", "/_emulator/clock", { advanceSeconds: 4 * 3600 });
    await store.loadAll();
    store.setViewVisible(true);
    const keep = store.keepAlive();
    const before = await policyGets();
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await policyGets(), before, "no policy GET without an opening or open port");
    assert.equal(store.poller.state().timerSet, false, "no timer either");
    keep.dispose();
  });

  it("keeps polling an open port while the view is hidden only when kept alive", async () => {
    await store.loadAll();
    store.setViewVisible(false);
    assert.equal(store.poller.state().timerSet, false, "hidden and not kept alive: no timer");
    const keep = store.keepAlive();
    assert.equal(store.poller.state().timerSet, true, "Bob's open port on web-02 is polled for the countdown");
    const before = await policyGets();
    await new Promise((r) => setTimeout(r, 1_200));
    assert.ok((await policyGets()) > before, "the open port's policy was read again while hidden");
    keep.dispose();
    await until("the timer to stop", () =>
      !store.poller.state().timerSet && !store.poller.state().polling ? true : undefined,
    );
  });

  it("drops every watch on sign-out", async () => {
    await store.loadAll();
    store.watch(webProd);
    store.watch({ ...webProd, resourceGroup: "rg-hub", location: "northeurope" });
    assert.equal(store.poller.state().watched.length, 2);
    src.signedIn = false;
    src.changed.fire();
    await until("the sign-out reload", () => (store.rootState().kind === "notSignedIn" ? true : undefined));
    assert.deepEqual(store.poller.state().watched, []);
    assert.equal(store.poller.state().timerSet, false);
  });
});
