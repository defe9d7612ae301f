// The keep-open renewal schedule (src/core/renewal.ts), time passed in: when the first renewal is due, the cap,
// a narrowed policy, the back-off and the lease between windows; and the two keep-open settings' rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  capEndsAt,
  LEASE_MS,
  leaseDecision,
  RENEWAL_LEAD_MS,
  renewalDueAt,
  renewalLeadMs,
  renewalStep,
  retryAfterFailure,
  RETRY_MAX_MS,
  type KeepOpenEntry,
} from "../../../src/core/renewal";
import { readJitSettings } from "../../../src/core/settings";
import { onePortPolicy, POLICY_ID, rule, VM1 } from "../../support/onePortPolicy";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function entry(over: Partial<KeepOpenEntry> = {}): KeepOpenEntry {
  return {
    policyId: POLICY_ID,
    vmId: VM1,
    port: 22,
    vmName: "vm-01",
    durationMs: HOUR,
    justification: "deploy",
    startedAt: T0,
    capEndsAt: capEndsAt(T0, 8),
    ...over,
  };
}

test("the first renewal is due the lead time before the end: three minutes, a third of short windows", () => {
  assert.equal(renewalLeadMs(HOUR), RENEWAL_LEAD_MS);
  assert.equal(renewalLeadMs(6 * MIN), 2 * MIN, "a 6-minute grant renews 2 minutes before its end");
  const end = T0 + HOUR;
  assert.equal(renewalDueAt(entry(), end), end - 3 * MIN);
  const policy = onePortPolicy([rule(22)]);
  assert.deepEqual(renewalStep(entry(), end, policy, end - 3 * MIN - 1), { kind: "wait", untilMs: end - 3 * MIN });
  const due = renewalStep(entry(), end, policy, end - 3 * MIN);
  assert.equal(due.kind, "renew");
  if (due.kind !== "renew") return;
  assert.deepEqual(due.choice.vms, [{ vmId: VM1, ports: [22] }]);
  assert.equal(due.choice.durationMs, HOUR, "the same duration");
  assert.equal(due.choice.justification, "deploy", "the same justification");
  assert.equal(due.choice.source, undefined, "the same source (the caller's IP)");
  assert.equal(due.body.virtualMachines[0]?.ports[0]?.endTimeUtc, new Date(end - 3 * MIN + HOUR).toISOString());
});

test("the cap: counted from the first request; the last window is cut to what it leaves, then keep-open stops", () => {
  const policy = onePortPolicy([rule(22)]);
  const e = entry({ capEndsAt: capEndsAt(T0, 2) });
  assert.equal(e.capEndsAt, T0 + 2 * HOUR);
  // At 1 h 40 min the cap leaves 20 min: the renewal asks for 20 min, not an hour.
  const cut = renewalStep(e, T0 + 1 * HOUR + 43 * MIN, policy, T0 + HOUR + 40 * MIN);
  assert.equal(cut.kind, "renew");
  assert.equal(cut.kind === "renew" && cut.choice.durationMs, 20 * MIN);
  // Less than the 5-minute minimum left: stop.
  assert.deepEqual(renewalStep(e, T0 + 2 * HOUR - 2 * MIN, policy, T0 + 2 * HOUR - 4 * MIN), {
    kind: "stop",
    reason: { kind: "cap" },
  });
  assert.equal(capEndsAt(T0, 24), T0 + 24 * HOUR);
});

test("a narrowed policy stops keep-open with the reason, never a wider or refused request", () => {
  const end = T0 + HOUR;
  const now = end - 2 * MIN;
  const shorter = renewalStep(entry(), end, onePortPolicy([rule(22, { max: "PT30M" })]), now);
  assert.equal(shorter.kind, "stop");
  assert.equal(shorter.kind === "stop" && shorter.reason.kind, "narrowed");
  const source = renewalStep(
    entry({ source: "10.0.0.0/8" }),
    end,
    onePortPolicy([rule(22, { allowed: ["10.1.0.0/16"] })]),
    now,
  );
  assert.equal(source.kind === "stop" && source.reason.kind, "narrowed");
  const portGone = renewalStep(entry(), end, onePortPolicy([rule(3389)]), now);
  assert.equal(portGone.kind === "stop" && portGone.reason.kind, "narrowed");
  assert.match(
    portGone.kind === "stop" && portGone.reason.kind === "narrowed" ? portGone.reason.message : "",
    /no longer allows/,
  );
  // A grant that ended (or vanished) before its renewal: stop, nothing sent.
  assert.deepEqual(renewalStep(entry(), end, onePortPolicy([rule(22)]), end), {
    kind: "stop",
    reason: { kind: "ended" },
  });
  assert.deepEqual(renewalStep(entry(), undefined, onePortPolicy([rule(22)]), now), {
    kind: "stop",
    reason: { kind: "ended" },
  });
  // The policy not read yet: wait for it rather than guess.
  assert.equal(renewalStep(entry(), end, undefined, now).kind, "wait");
});

test("back-off: 10, 20, 40, 60, 60 s, at least Retry-After, only within the time left", () => {
  const end = T0 + 10 * MIN;
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => retryAfterFailure(n, end, T0)! - T0),
    [10_000, 20_000, 40_000, 60_000, RETRY_MAX_MS],
  );
  assert.equal(retryAfterFailure(1, end, T0, 30_000), T0 + 30_000, "Retry-After wins when longer");
  assert.equal(retryAfterFailure(4, T0 + 30_000, T0), undefined, "no time left for the next attempt: stop");
  // A retry replaces the due time of the renewal.
  assert.equal(renewalDueAt(entry({ retryAt: T0 + 5 }), T0 + HOUR), T0 + 5);
});

test("the lease: one window renews; another takes over once it lapses", () => {
  assert.equal(leaseDecision(undefined, "a", T0), "mine");
  assert.equal(leaseDecision({ holder: "a", until: T0 + LEASE_MS }, "a", T0), "mine");
  assert.equal(leaseDecision({ holder: "a", until: T0 + LEASE_MS }, "b", T0), "theirs");
  assert.equal(
    leaseDecision({ holder: "a", until: T0 + LEASE_MS }, "b", T0 + LEASE_MS),
    "mine",
    "the holder went away",
  );
});

test("settings: azureJit.keepOpenMaxHours defaults to 8 and stays within 1–24; keepOpenInConnectedWindows off|ask|on, default ask", () => {
  const read = (values: Record<string, unknown>) => readJitSettings((name) => values[name]);
  assert.equal(read({}).keepOpenMaxHours, 8);
  assert.equal(read({ keepOpenMaxHours: 30 }).keepOpenMaxHours, 24);
  assert.equal(read({ keepOpenMaxHours: 0 }).keepOpenMaxHours, 1);
  assert.equal(read({ keepOpenMaxHours: "12" }).keepOpenMaxHours, 8);
  assert.equal(read({}).keepOpenInConnectedWindows, "ask");
  assert.equal(read({ keepOpenInConnectedWindows: "on" }).keepOpenInConnectedWindows, "on");
  assert.equal(read({ keepOpenInConnectedWindows: "off" }).keepOpenInConnectedWindows, "off");
  assert.equal(read({ keepOpenInConnectedWindows: "always" }).keepOpenInConnectedWindows, "ask");
});
