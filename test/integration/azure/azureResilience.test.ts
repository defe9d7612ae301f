// Retries, throttling, network failures, the per-subscription loader, the server clock and the call log,
// all through the real SDK pipeline against the emulator's fault injection.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { JitFailure } from "../../../src/azure/errors";
import { createJitApi } from "../../../src/azure/jit";
import { loadPolicies } from "../../../src/azure/loader";
import { groupByLocation } from "../../../src/core/policyGroups";
import { listSubscriptions } from "../../../src/azure/subscriptions";
import { FAKE_TOKEN, startHarness, type Harness } from "../../support/azureHarness";

const PROD = "00000000-0000-0000-0000-00000000000a";
const SANDBOX = "00000000-0000-0000-0000-00000000000b";
const ENGINEERING = "00000000-0000-0000-0000-00000000000c";
const policiesPath = `/subscriptions/${PROD}/providers/Microsoft.Security/jitNetworkAccessPolicies`;

let h: Harness;

async function rejection(promise: Promise<unknown>): Promise<JitFailure> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof JitFailure, `expected a JitFailure, got ${String(e)}`);
    return e;
  }
  assert.fail("expected the call to fail");
}

describe("azure pipeline: retries, faults, loader, clock, log", () => {
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
    h.logs.length = 0;
  });

  it("waits for Retry-After on a 429, then succeeds", async () => {
    await h.control("POST", "/_emulator/faults", { path: policiesPath, status: 429, retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const policies = await createJitApi(h.newSettings()).listPolicies(PROD);
    const elapsedMs = Date.now() - started;
    assert.equal(policies.length, 4);
    assert.deepEqual(
      h.logs.map((l) => l.status),
      [429, 200],
    );
    // A lower bound only: the retry must not come before the server's Retry-After (the SDK's own back-off is
    // 20 ms here), so this cannot fail by the machine being slow.
    assert.ok(elapsedMs >= 950, `retried after ${elapsedMs} ms, before Retry-After's 1000 ms`);
  });

  it("reports throttling that outlasts the retries with its Retry-After", async () => {
    await h.control("POST", "/_emulator/faults", { path: policiesPath, status: 429, retryAfterSeconds: 0, count: 10 });
    const settings = h.newSettings({ retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 } });
    const failure = await rejection(createJitApi(settings).listPolicies(PROD));
    assert.equal(failure.error.kind, "throttled");
    assert.equal(failure.error.retryAfterMs, 0);
    assert.equal(h.logs.length, 2, "one try and one retry");
  });

  it("retries a 500 and succeeds", async () => {
    await h.control("POST", "/_emulator/faults", { path: policiesPath, status: 500, count: 1 });
    const policies = await createJitApi(h.newSettings()).listPolicies(PROD);
    assert.equal(policies.length, 4);
    assert.deepEqual(
      h.logs.map((l) => l.status),
      [500, 200],
    );
  });

  it("retries a reset connection, and reports a network failure when it keeps happening", async () => {
    await h.control("POST", "/_emulator/faults", { path: policiesPath, reset: true, count: 1 });
    assert.equal((await createJitApi(h.newSettings()).listPolicies(PROD)).length, 4);
    assert.deepEqual(
      h.logs.map((l) => l.status),
      ["error", 200],
    );

    await h.control("POST", "/_emulator/faults", { path: policiesPath, reset: true });
    const failure = await rejection(createJitApi(h.newSettings()).listPolicies(PROD));
    assert.equal(failure.error.kind, "network");
  });

  it("loads every subscription; the forbidden one comes back as its own error", async () => {
    const settings = h.newSettings();
    const subscriptions = await listSubscriptions(settings);
    const api = createJitApi(settings);
    const results = await loadPolicies(subscriptions, () => api, { concurrency: 2 });
    assert.deepEqual(
      results.map((r) => r.subscription.subscriptionId),
      subscriptions.map((s) => s.subscriptionId),
      "results keep the subscriptions' order",
    );
    const by = new Map(results.map((r) => [r.subscription.subscriptionId, r]));
    assert.equal(by.get(SANDBOX)!.error?.kind, "forbidden");
    assert.equal(by.get(SANDBOX)!.policies, undefined);
    assert.equal(by.get(PROD)!.policies!.length, 4);
    assert.equal(by.get(ENGINEERING)!.policies!.length, 2);

    const groups = groupByLocation(by.get(PROD)!.policies!);
    assert.deepEqual([...groups.keys()], ["northeurope", "westeurope"]);
    assert.deepEqual(
      groups.get("westeurope")!.map((p) => p.name),
      ["default", "default", "jit-data"],
    );
  });

  it("feeds the Date header to the server clock, following the emulator's virtual clock", async () => {
    await createJitApi(h.newSettings()).listPolicies(PROD);
    assert.ok(Math.abs(h.clock.offsetMs) < 2_000, `offset before advancing: ${h.clock.offsetMs}`);
    await h.control("POST", "/_emulator/clock", { advanceSeconds: 3600 });
    await createJitApi(h.newSettings()).listPolicies(PROD);
    // Date has whole seconds: allow them, plus a second of slack for the request itself.
    assert.ok(Math.abs(h.clock.offsetMs - 3_600_000) < 2_500, `offset after advancing 1 h: ${h.clock.offsetMs}`);
  });

  it("logs method, redacted path, status, duration and correlation id — never the token", async () => {
    const api = createJitApi(h.newSettings());
    await api.listPolicies(PROD);
    await rejection(
      api.getPolicy({ subscriptionId: PROD, resourceGroup: "rg-web-prod", location: "westeurope", name: "missing" }),
    );
    assert.equal(h.logs.length, 2);
    const [list, missing] = h.logs;
    assert.equal(list!.method, "GET");
    assert.equal(list!.path, `${policiesPath}?api-version=2020-01-01`);
    assert.equal(list!.status, 200);
    assert.equal(typeof list!.durationMs, "number");
    assert.equal(missing!.status, 404);
    assert.ok(h.logs.every((l) => typeof l.correlationId === "string" && l.correlationId.length > 0));
    const text = JSON.stringify(h.logs);
    assert.ok(!text.includes("Bearer") && !text.includes(FAKE_TOKEN), "no token in the log");
  });
});
