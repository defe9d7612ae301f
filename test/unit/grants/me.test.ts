// Who "me" is, wired: my sources come from the requests I sent (the grant memory) and what Azure recorded for
// them; with them, someone else's open port is neither in my countdown nor in the VM's "n open".
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Me } from "../../../src/core/accessState";
import type { Policy } from "../../../src/core/types";
import type { LastRequest } from "../../../src/core/grantRecords";
import { mySources } from "../../../src/grants/me";
import { reconcileGrants } from "../../../src/grants/reconcile";
import { vmDescription, vmSummary } from "../../../src/tree/nodePresentation";
import { MIN, NOW, WEB02, webPolicy } from "../../support/treeFixtures";

const policy = webPolicy();
const always = (): boolean => true;

function withMyRequest(source: string, requestor = "jit.user@contoso.com"): Policy {
  const p = webPolicy();
  p.requests.push({
    startTimeUtc: NOW - 2 * MIN,
    requestor,
    virtualMachines: [
      {
        id: WEB02,
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefixes: [source],
            endTimeUtc: NOW + 58 * MIN,
            status: "Initiated",
            statusReason: "UserRequested",
          },
        ],
      },
    ],
  });
  return p;
}

const sent = (p: Policy, extra: Partial<LastRequest> = {}): LastRequest => ({
  policyId: p.id,
  vmId: WEB02,
  port: 22,
  durationMs: 60 * MIN,
  requestedAt: NOW - 2 * MIN,
  ...extra,
});

test("bob's open port on web-02 (198.51.100.42) is not in my countdown, and web-02 counts no open port of mine", () => {
  const me: Me = { requestor: "jit.user@contoso.com", sources: ["203.0.113.7"] };
  // The store's isMine would accept it (no memory of mine is what the old code had to rely on): me decides.
  const web02 = (grants: ReturnType<typeof reconcileGrants>) => grants.filter((g) => g.vmId === WEB02);
  assert.equal(web02(reconcileGrants([], [policy], always, NOW)).length, 1, "without me, bob's grant counts down here");
  assert.deepEqual(web02(reconcileGrants([], [policy], always, NOW, me)), []);
  assert.equal(vmDescription(vmSummary(policy, WEB02, NOW)), "1 port · 1 open", "without me: the old, wrong count");
  assert.equal(vmDescription(vmSummary(policy, WEB02, NOW, me)), "1 port");
});

test("my request for 'my IP' sends no source: the source Azure recorded for it becomes mine", () => {
  const p = withMyRequest("203.0.113.7");
  assert.deepEqual(mySources([sent(p)], [p]), ["203.0.113.7"]);
  const me: Me = { sources: mySources([sent(p)], [p]) };
  assert.equal(vmDescription(vmSummary(p, WEB02, NOW, me)), "1 port · 1 open");
  const grants = reconcileGrants([], [p], always, NOW, me).filter((g) => g.vmId === WEB02);
  assert.equal(grants.length, 1);
  assert.equal(grants[0]?.endTimeUtc, NOW + 58 * MIN, "my grant, not bob's (which ends in 41 min)");
});

test("a request of someone else's that started near mine lends no source, nor do 'any' sources, nor old requests", () => {
  const p = withMyRequest("198.51.100.99", "mallory@contoso.com");
  assert.deepEqual(mySources([sent(p)], [p], "jit.user@contoso.com"), []);
  // bob's request started 139 min ago: far from mine.
  assert.deepEqual(mySources([sent(p, { requestedAt: NOW - 300 * MIN })], [policy]), []);
  assert.deepEqual(
    mySources([sent(p, { source: "*" }), sent(p, { source: "0.0.0.0/0" }), sent(p, { source: " Any " })], []),
    [],
  );
  assert.deepEqual(
    mySources([sent(p, { source: "10.1.0.0/24" })], []),
    ["10.1.0.0/24"],
    "an explicit source of mine is mine",
  );
});

test("a policy with hostile requests (NaN start, missing requestor) lends nothing and does not throw", () => {
  const p = webPolicy();
  p.requests.push({
    startTimeUtc: Number.NaN,
    requestor: undefined as unknown as string,
    virtualMachines: [
      {
        id: WEB02,
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefixes: ["192.0.2.1"],
            endTimeUtc: NOW,
            status: "Initiated",
            statusReason: "",
          },
        ],
      },
    ],
  });
  assert.deepEqual(mySources([sent(p)], [p]), []);
});

test("a colleague's request for the same port seconds after mine is theirs: only the closest start lends its sources", () => {
  const p = withMyRequest("203.0.113.7");
  p.requests.push({
    startTimeUtc: NOW - 2 * MIN + 10_000,
    requestor: "dave@contoso.com",
    virtualMachines: [
      {
        id: WEB02,
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefixes: ["192.0.2.77"],
            endTimeUtc: NOW + 3 * MIN,
            status: "Initiated",
            statusReason: "UserRequested",
          },
        ],
      },
    ],
  });
  // The UI suite found this: in Azure CLI mode with a token naming no user, dave's request 10 s after mine counted as mine.
  assert.deepEqual(mySources([sent(p)], [p]), ["203.0.113.7"]);
  assert.deepEqual(
    mySources([sent(p, { requestedAt: NOW - 2 * MIN + 9_000 })], [p]),
    ["192.0.2.77"],
    "closest wins, whoever it is",
  );
});
