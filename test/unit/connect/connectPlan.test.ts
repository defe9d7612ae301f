import assert from "node:assert/strict";
import { test } from "node:test";
import { portAccess } from "../../../src/core/accessState";
import type { Policy } from "../../../src/core/types";
import { connectPortOfVm, connectStep, START_SKEW_MS } from "../../../src/connect/connectPlan";
import { LIST_LAG_MS } from "../../../src/grants/reconcile";
import { onePortPolicy, rule, VM1 } from "../../support/onePortPolicy";

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const VM = VM1;

function policy(requests: Array<{ start: number; end: number; status: string; reason?: string }> = []): Policy {
  return onePortPolicy(
    [rule(22), rule(3389)],
    requests.map((r) => ({
      startTimeUtc: r.start,
      requestor: "me@contoso.com",
      virtualMachines: [
        {
          id: VM,
          ports: [
            {
              number: 3389,
              allowedSourceAddressPrefixes: ["*"],
              endTimeUtc: r.end,
              status: r.status,
              statusReason: r.reason ?? "UserRequested",
            },
          ],
        },
      ],
    })),
  );
}

const access = (p: Policy, port = 3389) => portAccess(p, VM, port, NOW);

test("connect port: the one the form requested, not the VM's SSH port", () => {
  assert.equal(connectPortOfVm([22, 3389], [22], [3389]), 3389);
  // Several requested: SSH among them first, then RDP.
  assert.equal(connectPortOfVm([22, 3389, 5985], [22], [3389, 22]), 22);
  assert.equal(connectPortOfVm([22, 3389, 5985], [22], [5985, 3389]), 3389);
  assert.equal(connectPortOfVm([22, 2222, 3389], [22, 2222], [2222, 3389]), 2222);
  assert.equal(connectPortOfVm([22, 5985], [22], [5985]), 5985);
  // Several requested, none SSH or RDP: ask.
  assert.equal(connectPortOfVm([22, 5985, 5986], [22], [5985, 5986]), undefined);
});

test("connect port without a request: SSH, else RDP, else the only port, else ask; unknown requested ports are ignored", () => {
  assert.equal(connectPortOfVm([3389, 22], [22]), 22);
  assert.equal(connectPortOfVm([5985, 3389], [22]), 3389);
  assert.equal(connectPortOfVm([5985], [22]), 5985);
  assert.equal(connectPortOfVm([5985, 5986], [22]), undefined);
  assert.equal(connectPortOfVm([22, 3389], [22], [8080]), 22);
});

test("connect step: open connects, opening waits for that request", () => {
  assert.deepEqual(
    connectStep({
      access: access(policy([{ start: NOW - MIN, end: NOW + 59 * MIN, status: "Initiated" }])),
      inFlight: false,
      nowMs: NOW,
    }),
    { kind: "connect" },
  );
  assert.deepEqual(
    connectStep({
      access: access(policy([{ start: NOW - 5000, end: NOW + 60 * MIN, status: "Initiating" }])),
      inFlight: false,
      nowMs: NOW,
    }),
    {
      kind: "wait",
      sinceMs: NOW - 5000,
    },
  );
});

test("connect step: closed in the store but just requested (grant memory) waits instead of requesting again", () => {
  const remembered = { startTimeUtc: NOW - 2000, endTimeUtc: NOW + 60 * MIN, opening: true };
  // The store has not polled since the request: it still shows nothing, or the previous, ended request.
  assert.deepEqual(connectStep({ access: access(policy()), remembered, inFlight: false, nowMs: NOW }), {
    kind: "wait",
    sinceMs: NOW - 2000,
  });
  const old = policy([{ start: NOW - 3 * 60 * MIN, end: NOW - 2 * 60 * MIN, status: "Revoked", reason: "Expired" }]);
  assert.deepEqual(connectStep({ access: access(old), remembered, inFlight: false, nowMs: NOW }), {
    kind: "wait",
    sinceMs: NOW - 2000,
  });
});

test("connect step: a request being sent right now is awaited first", () => {
  assert.deepEqual(connectStep({ access: access(policy()), inFlight: true, nowMs: NOW }), { kind: "afterInFlight" });
  // Open in the store wins over anything in flight.
  assert.deepEqual(
    connectStep({
      access: access(policy([{ start: NOW - MIN, end: NOW + MIN, status: "Initiated" }])),
      inFlight: true,
      nowMs: NOW,
    }),
    { kind: "connect" },
  );
});

test("connect step: requests when nothing is on its way, or what was remembered is stale or refused", () => {
  assert.deepEqual(connectStep({ access: access(policy()), inFlight: false, nowMs: NOW }), { kind: "request" });
  const start = NOW - 2000;
  // Not opening any more (the policy listed it, it opened and ended), too old to still be unlisted, or ended.
  for (const remembered of [
    { startTimeUtc: start, endTimeUtc: NOW + 60 * MIN },
    { startTimeUtc: NOW - LIST_LAG_MS, endTimeUtc: NOW + 60 * MIN, opening: true },
    { startTimeUtc: NOW - 60 * MIN, endTimeUtc: NOW, opening: true },
    { endTimeUtc: NOW + 60 * MIN, opening: true },
  ]) {
    assert.deepEqual(
      connectStep({ access: access(policy()), remembered, inFlight: false, nowMs: NOW }),
      { kind: "request" },
      JSON.stringify(remembered),
    );
  }
  // The store already lists that very request and Azure revoked it: asking again is the only way forward.
  const refused = policy([{ start: start + START_SKEW_MS / 2, end: NOW, status: "Revoked", reason: "UserRequested" }]);
  assert.deepEqual(
    connectStep({
      access: access(refused),
      remembered: { startTimeUtc: start, endTimeUtc: NOW + 60 * MIN, opening: true },
      inFlight: false,
      nowMs: NOW,
    }),
    {
      kind: "request",
    },
  );
});
