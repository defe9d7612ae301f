import assert from "node:assert/strict";
import { test } from "node:test";
import { MINE_WINDOW_MS, type RememberedGrant } from "../../../src/core/grantRecords";
import { GrantMemory, type StateStore } from "../../../src/grants/grantMemory";
import { reconcileGrants } from "../../../src/grants/reconcile";
import { ENDED_VISIBLE_MS } from "../../../src/core/countdown";
import { quickChoice } from "../../../src/core/quickChoice";
import type { JitRequest, Policy } from "../../../src/core/types";
import { onePortPolicy, openingGrant, POLICY_ID, rule, VM1 } from "../../support/onePortPolicy";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function memoryStore(): StateStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => (data.has(key) ? (JSON.parse(JSON.stringify(data.get(key))) as T) : undefined),
    update: async (key: string, value: unknown) => void data.set(key, value),
  };
}

function policy(over: { allowed?: string[]; max?: string; requests?: Policy["requests"] } = {}): Policy {
  return onePortPolicy([rule(22, over)], over.requests ?? []);
}

function request(start: number, end: number, status = "Initiated") {
  return {
    startTimeUtc: start,
    requestor: "me@contoso.com",
    virtualMachines: [
      {
        id: VM1,
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefixes: ["1.2.3.4"],
            endTimeUtc: end,
            status,
            statusReason: "UserRequested",
          },
        ],
      },
    ],
  };
}

test("memory: remembers the last request per VM and port and survives a new instance (reload)", async () => {
  const store = memoryStore();
  // (The hidden per-context singleton and its static "legacy" remember are gone (issue 12): the grant tracker owns the one memory.)
  await new GrantMemory(store).rememberRequested({
    policyId: POLICY_ID,
    vms: [{ vmId: VM1, ports: [22] }],
    source: "10.1.0.0/16",
    durationMs: 2 * 60 * MIN,
    justification: "deploy",
    requestedAtMs: T0,
  });
  const reloaded = new GrantMemory(store);
  assert.deepEqual(reloaded.lastRequest(POLICY_ID.toUpperCase(), VM1, 22), {
    policyId: POLICY_ID,
    vmId: VM1,
    port: 22,
    source: "10.1.0.0/16",
    durationMs: 2 * 60 * MIN,
    justification: "deploy",
    requestedAt: T0,
  });
  assert.equal(reloaded.lastRequest(POLICY_ID, VM1, 3389), undefined);
  await reloaded.rememberRequested({
    policyId: policy().id,
    vms: [{ vmId: VM1, ports: [22] }],
    durationMs: MIN * 30,
    requestedAtMs: T0 + MIN,
  });
  assert.equal(reloaded.lastRequest(POLICY_ID, VM1, 22)?.durationMs, 30 * MIN, "replaced, not duplicated");
  assert.equal((store.data.get("azureJit.grants.lastRequests") as unknown[]).length, 1);
});

test("memory: only requests that started near a remembered one are mine", async () => {
  const memory = new GrantMemory(memoryStore());
  assert.equal(memory.isMine(POLICY_ID, VM1, 22, T0), false);
  await memory.rememberRequested({
    policyId: policy().id,
    vms: [{ vmId: VM1, ports: [22] }],
    durationMs: MIN * 60,
    requestedAtMs: T0,
  });
  assert.equal(memory.isMine(POLICY_ID, VM1, 22, T0 + 2_000), true);
  assert.equal(memory.isMine(POLICY_ID, VM1, 22, T0 + MINE_WINDOW_MS + 1), false, "a colleague's later request");
});

test("memory: ignores malformed globalState left by other versions", () => {
  const store = memoryStore();
  store.data.set("azureJit.grants.open", [{ policyId: 1 }, "x", null]);
  assert.deepEqual(new GrantMemory(store).grants(), []);
});

test("reconcile: Azure's open request becomes a remembered grant; renewal resets notices", () => {
  const p = policy({ requests: [request(T0 - 10 * MIN, T0 + 50 * MIN)] });
  const mine = () => true;
  const [g] = reconcileGrants([], [p], mine, T0);
  assert.deepEqual(
    { ...g },
    {
      policyId: POLICY_ID,
      vmId: VM1,
      port: 22,
      vmName: "vm-01",
      startTimeUtc: T0 - 10 * MIN,
      endTimeUtc: T0 + 50 * MIN,
      opening: undefined,
      warned: undefined,
      endedNotified: undefined,
    },
  );
  const warned = { ...g, warned: true };
  assert.equal(reconcileGrants([warned], [p], mine, T0 + MIN)[0].warned, true, "same grant keeps its flags");
  const renewed = policy({ requests: [request(T0 + 5 * MIN, T0 + 65 * MIN)] });
  assert.equal(reconcileGrants([warned], [renewed], mine, T0 + 6 * MIN)[0].warned, undefined);
});

test("reconcile: colleagues' grants are left out", () => {
  assert.deepEqual(
    reconcileGrants([], [policy({ requests: [request(T0, T0 + 60 * MIN)] })], () => false, T0 + MIN),
    [],
  );
});

test("reconcile: remembered grants of unloaded policies stay until their end; revoked ones go; ended ones wait for their notice and stay while the status bar shows them", () => {
  const g: RememberedGrant = { policyId: POLICY_ID, vmId: VM1, port: 22, vmName: "vm-01", endTimeUtc: T0 + 30 * MIN };
  assert.equal(reconcileGrants([g], [], () => true, T0).length, 1, "not loaded yet (after a reload)");
  assert.equal(reconcileGrants([g], [policy()], () => true, T0).length, 0, "Azure no longer lists it: revoked");
  const ended = reconcileGrants([g], [policy()], () => true, T0 + 31 * MIN);
  assert.equal(ended.length, 1, "kept for its ended notice");
  assert.equal(
    reconcileGrants([{ ...g, endedNotified: true }], [policy()], () => true, T0 + 31 * MIN).length,
    1,
    "still shown as ended in the status bar",
  );
  assert.equal(
    reconcileGrants([{ ...g, endedNotified: true }], [policy()], () => true, T0 + 30 * MIN + ENDED_VISIBLE_MS).length,
    0,
    "gone once the status bar no longer shows it",
  );
});

test("quick choice: any source → my IP; one prefix → that prefix; several → ask", () => {
  const defaults = { defaultDuration: "PT1H", justificationTemplate: "  " };
  const any = quickChoice(policy(), VM1, 22, defaults);
  assert.ok(any.ok);
  assert.equal(any.choice.source, undefined);
  assert.equal(any.choice.durationMs, 60 * MIN);
  assert.equal(any.choice.justification, undefined);
  const one = quickChoice(policy({ allowed: ["10.1.0.0/16"] }), VM1, 22, defaults);
  assert.ok(one.ok);
  assert.equal(one.choice.source, "10.1.0.0/16");
  const several = quickChoice(policy({ allowed: ["10.1.0.0/16", "192.168.0.0/24"] }), VM1, 22, defaults);
  assert.ok(several.ok);
  assert.deepEqual(several.sourceOptions, ["10.1.0.0/16", "192.168.0.0/24"]);
});

test("quick choice: duration clamped to the port maximum; bad setting named", () => {
  const clamped = quickChoice(policy({ max: "PT3H" }), VM1, 22, {
    defaultDuration: "PT8H",
    justificationTemplate: "ticket",
  });
  assert.ok(clamped.ok);
  assert.equal(clamped.choice.durationMs, 3 * 60 * MIN);
  assert.equal(clamped.clampedFromMs, 8 * 60 * MIN);
  assert.equal(clamped.choice.justification, "ticket");
  const bad = quickChoice(policy(), VM1, 22, { defaultDuration: "one hour", justificationTemplate: "" });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? "" : bad.error, /azureJit\.defaultDuration/);
  assert.equal(
    quickChoice(policy(), VM1, 3389, { defaultDuration: "PT1H", justificationTemplate: "" }).ok,
    false,
    "port not in the policy",
  );
});

test("re-request repeats source, duration and justification", () => {
  const r = quickChoice(
    policy({ allowed: ["10.1.0.0/16", "192.168.0.0/24"] }),
    VM1,
    22,
    { defaultDuration: "PT1H", justificationTemplate: "" },
    { source: "192.168.0.0/24", durationMs: 2 * 60 * MIN, justification: "incident 42" },
  );
  assert.ok(r.ok);
  assert.equal(r.sourceOptions, undefined);
  assert.deepEqual(
    [r.choice.source, r.choice.durationMs, r.choice.justification],
    ["192.168.0.0/24", 2 * 60 * MIN, "incident 42"],
  );
});

test("re-request of a source the policy no longer allows asks among what it allows now, even one prefix", () => {
  const defaults = { defaultDuration: "PT1H", justificationTemplate: "" };
  const narrowed = quickChoice(policy({ allowed: ["198.51.100.0/24"] }), VM1, 22, defaults, { durationMs: 30 * MIN });
  assert.ok(narrowed.ok);
  assert.deepEqual(
    narrowed.sourceOptions,
    ["198.51.100.0/24"],
    "my public IP was asked for last time: not allowed now",
  );
  assert.match(narrowed.repeatSourceRefused ?? "", /198\.51\.100\.0\/24/);
  const moved = quickChoice(policy({ allowed: ["10.1.0.0/16"] }), VM1, 22, defaults, {
    source: "192.168.0.0/24",
    durationMs: 30 * MIN,
  });
  assert.ok(moved.ok);
  assert.deepEqual(moved.sourceOptions, ["10.1.0.0/16"]);
  const widened = quickChoice(policy({ allowed: ["*"] }), VM1, 22, defaults, {
    source: "192.168.0.0/24",
    durationMs: 30 * MIN,
  });
  assert.ok(widened.ok);
  assert.equal(widened.sourceOptions, undefined, "still allowed: repeated as it was");
  assert.equal(widened.choice.source, "192.168.0.0/24");
});

test("reconcile: a just-sent request survives a policy read that does not list it yet", () => {
  const sent = openingGrant(T0);
  assert.equal(reconcileGrants([sent], [policy()], () => true, T0 + 10_000).length, 1);
  assert.equal(reconcileGrants([sent], [policy()], () => true, T0 + 3 * MIN).length, 0);
});

test("memory: the request form's hook remembers each port and shows it opening at once", async () => {
  const store = memoryStore();
  const memory = new GrantMemory(store);
  let changes = 0;
  memory.onDidChange(() => changes++);
  // Azure's 202 (the grant's end comes from it since the bug fix of issue 12; the assertions are unchanged).
  const granted = {
    startTimeUtc: T0,
    requestor: "",
    virtualMachines: [
      { id: VM1, ports: [22, 3389].map((number) => ({ number, endTimeUtc: T0 + 60 * MIN, status: "Initiating" })) },
    ],
  } as unknown as JitRequest;
  await memory.rememberRequested(
    { policyId: POLICY_ID, vms: [{ vmId: VM1, ports: [22, 3389] }], durationMs: 60 * MIN, requestedAtMs: T0 },
    granted,
  );
  assert.equal(changes, 1);
  assert.deepEqual(
    memory.grants().map((g) => [g.port, g.opening, g.endTimeUtc, g.vmName]),
    [
      [22, true, T0 + 60 * MIN, "vm-01"],
      [3389, true, T0 + 60 * MIN, "vm-01"],
    ],
  );
  assert.equal(memory.lastRequest(POLICY_ID, VM1, 3389)?.durationMs, 60 * MIN);
  assert.equal(memory.isMine(POLICY_ID, VM1, 3389, T0 + 1000), true);
});
