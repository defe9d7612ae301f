// Host-side checks of messages from the request-form webview: a hostile or broken webview must not get anything
// past the shape and bounds check, and what passes is a fresh copy with only the known fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, parseSavedState, parseWebviewMessage } from "../../../src/requestForm/messageValidator";

const VM =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01";

function submit(values: Record<string, unknown>) {
  return {
    type: "submit",
    values: {
      vms: [{ vmId: VM, ports: [22] }],
      source: { kind: "myIp" },
      durationMs: 3_600_000,
      justification: "",
      confirmAnySource: false,
      ...values,
    },
  };
}

test("accepts the four message types the webview sends", () => {
  assert.deepEqual(parseWebviewMessage({ type: "ready" }), { ok: true, value: { type: "ready" } });
  assert.deepEqual(parseWebviewMessage({ type: "close" }), { ok: true, value: { type: "close" } });
  assert.deepEqual(parseWebviewMessage({ type: "connect", vmId: VM }), {
    ok: true,
    value: { type: "connect", vmId: VM },
  });
  const r = parseWebviewMessage(submit({ source: { kind: "custom", text: "10.1.0.0/24" } }));
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    type: "submit",
    values: {
      vms: [{ vmId: VM, ports: [22] }],
      source: { kind: "custom", text: "10.1.0.0/24" },
      durationMs: 3_600_000,
      justification: "",
      confirmAnySource: false,
    },
  });
});

test("rejects non-objects and unknown types", () => {
  for (const raw of [
    undefined,
    null,
    42,
    "ready",
    [],
    [{ type: "ready" }],
    { type: "READY" },
    { type: "eval", code: "x" },
    {},
  ]) {
    const r = parseWebviewMessage(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
  }
});

test("copies only known fields, so extra keys and __proto__ never reach the host", () => {
  const raw = JSON.parse(
    `{"type":"submit","extra":1,"__proto__":{"polluted":true},"values":{"vms":[{"vmId":"${VM}","ports":[22],"x":1}],"source":{"kind":"prefix","text":"10.0.0.0/8","y":2},"durationMs":600000,"justification":"ok","confirmAnySource":true,"z":3}}`,
  );
  const r = parseWebviewMessage(raw);
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.value), ["type", "values"]);
  assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  if (r.value.type !== "submit") throw new Error("type");
  assert.deepEqual(Object.keys(r.value.values).sort(), [
    "confirmAnySource",
    "durationMs",
    "justification",
    "source",
    "vms",
  ]);
  assert.deepEqual(r.value.values.vms[0], { vmId: VM, ports: [22] });
  assert.deepEqual(r.value.values.source, { kind: "prefix", text: "10.0.0.0/8" });
});

test("rejects bad ports: fractions, negatives, > 65535, strings, NaN, Infinity, duplicates", () => {
  for (const ports of [[22.5], [-1], [65536], ["22"], [NaN], [Infinity], [22, 22], "22", null, [{}]]) {
    const r = parseWebviewMessage(submit({ vms: [{ vmId: VM, ports }] }));
    assert.equal(r.ok, false, JSON.stringify(ports));
  }
});

test("rejects bad durations: zero, negative, fractional, over 24 h, strings", () => {
  for (const durationMs of [0, -5, 1.5, LIMITS.maxDurationMs + 1, "3600000", null, NaN, Number.MAX_SAFE_INTEGER]) {
    assert.equal(parseWebviewMessage(submit({ durationMs })).ok, false, String(durationMs));
  }
  assert.equal(parseWebviewMessage(submit({ durationMs: LIMITS.maxDurationMs })).ok, true);
});

test("rejects oversized and mistyped strings", () => {
  assert.equal(parseWebviewMessage(submit({ justification: "x".repeat(LIMITS.justificationLength + 1) })).ok, false);
  assert.equal(parseWebviewMessage(submit({ justification: 7 })).ok, false);
  assert.equal(
    parseWebviewMessage(submit({ source: { kind: "custom", text: "1".repeat(LIMITS.sourceLength + 1) } })).ok,
    false,
  );
  assert.equal(parseWebviewMessage(submit({ source: { kind: "custom" } })).ok, false);
  assert.equal(parseWebviewMessage(submit({ source: { kind: "anything", text: "*" } })).ok, false);
  assert.equal(parseWebviewMessage(submit({ source: "myIp" })).ok, false);
  assert.equal(parseWebviewMessage({ type: "connect", vmId: "v".repeat(LIMITS.idLength + 1) }).ok, false);
  assert.equal(parseWebviewMessage({ type: "connect", vmId: { toString: () => VM } }).ok, false);
  assert.equal(parseWebviewMessage(submit({ confirmAnySource: "yes" })).ok, false);
});

test("rejects too many VMs or ports, empty and duplicate VM ids (case-insensitive)", () => {
  const many = Array.from({ length: LIMITS.vms + 1 }, (_, i) => ({ vmId: `${VM}-${i}`, ports: [22] }));
  assert.equal(parseWebviewMessage(submit({ vms: many })).ok, false);
  const ports = Array.from({ length: LIMITS.portsPerVm + 1 }, (_, i) => i + 1);
  assert.equal(parseWebviewMessage(submit({ vms: [{ vmId: VM, ports }] })).ok, false);
  assert.equal(parseWebviewMessage(submit({ vms: [{ vmId: "", ports: [22] }] })).ok, false);
  assert.equal(
    parseWebviewMessage(
      submit({
        vms: [
          { vmId: VM, ports: [22] },
          { vmId: VM.toUpperCase(), ports: [3389] },
        ],
      }),
    ).ok,
    false,
  );
  assert.equal(parseWebviewMessage(submit({ vms: {} })).ok, false);
});

test("error messages name the offending field", () => {
  const r = parseWebviewMessage(submit({ durationMs: -1 }));
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error, /durationMs/);
  const p = parseWebviewMessage(submit({ vms: [{ vmId: VM, ports: [70000] }] }));
  if (!p.ok) assert.match(p.error, /port/);
  else assert.fail("port 70000 accepted");
});

test("saved state: only the policy id, the preselection and checked values come back", () => {
  const state = {
    v: 1,
    init: {
      renderId: "a",
      policy: { id: "/subscriptions/x/policy", name: "<img src=x>", virtualMachines: "garbage" },
      vmId: VM,
      portNumber: 22,
      l10n: { a: "b" },
    },
    values: submit({}).values,
    phase: { kind: "done", outcomes: "whatever" },
  };
  const r = parseSavedState(state);
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    policyId: "/subscriptions/x/policy",
    vmId: VM,
    portNumber: 22,
    values: submit({}).values,
  });
});

test("saved state: rejects what is not a request form state", () => {
  for (const raw of [
    undefined,
    null,
    {},
    { v: 2, init: {} },
    { v: 1 },
    { v: 1, init: { policy: { id: 5 } } },
    { v: 1, init: { policy: { id: "p" }, portNumber: -1 } },
  ]) {
    assert.equal(parseSavedState(raw).ok, false, JSON.stringify(raw));
  }
  assert.equal(parseSavedState({ v: 1, init: { policy: { id: "p" } }, values: { vms: "x" } }).ok, false);
});

test("saved state: a results screen comes back (window reload), checked field by field; Connect follows the outcomes", () => {
  const ok = {
    vmId: VM,
    vmName: "vm-01",
    port: 3389,
    ok: true,
    endTimeUtc: 1_900_000_000_000,
    status: "Initiating",
    extra: "dropped",
  };
  const failed = {
    vmId: "/other/vm",
    vmName: "vm-02",
    port: 22,
    ok: false,
    message: "Your source must be exactly 10.1.0.0/24 for this port.",
    action: "Choose it.",
  };
  const state = {
    v: 1,
    init: { policy: { id: "/subscriptions/x/policy" } },
    values: submit({}).values,
    phase: { kind: "done", outcomes: [ok, failed], connectVmIds: ["/injected/vm"] },
  };
  const r = parseSavedState(state);
  assert.ok(r.ok);
  assert.deepEqual(r.value.phase, {
    kind: "done",
    outcomes: [
      { vmId: VM, vmName: "vm-01", port: 3389, ok: true, endTimeUtc: 1_900_000_000_000, status: "Initiating" },
      { vmId: "/other/vm", vmName: "vm-02", port: 22, ok: false, message: failed.message, action: failed.action },
    ],
    connectVmIds: [VM],
  });
});

test("saved state: a busy, editing or malformed results screen is dropped, the rest is kept", () => {
  const base = { v: 1, init: { policy: { id: "p" } }, values: submit({}).values };
  for (const phase of [
    { kind: "busy" },
    { kind: "editing" },
    { kind: "done", outcomes: [] },
    { kind: "done", outcomes: [{ vmId: VM, vmName: "vm-01", port: 70000, ok: true }] },
    { kind: "done", outcomes: [{ vmId: VM, vmName: "vm-01", port: 22, ok: "yes" }] },
    { kind: "done", outcomes: [{ vmId: VM, vmName: "vm-01", port: 22, ok: false, message: "x".repeat(5000) }] },
    { kind: "done", outcomes: Array.from({ length: 1001 }, () => ({ vmId: VM, vmName: "vm-01", port: 22, ok: true })) },
  ]) {
    const r = parseSavedState({ ...base, phase });
    assert.ok(r.ok, JSON.stringify(phase).slice(0, 80));
    assert.equal(r.value.phase, undefined, JSON.stringify(phase).slice(0, 80));
    assert.deepEqual(r.value.values, submit({}).values);
  }
});
