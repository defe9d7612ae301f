import { test } from "node:test";
import assert from "node:assert/strict";
import { activeGrants, latestRequestPort, portAccess } from "../../../src/core/accessState";
import type { JitRequest, Policy, RequestPort } from "../../../src/core/types";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const MIN = 60_000;
const SUB = "a1b2c3d4-0000-4000-8000-0123456789ab";
const vm = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/${name}`;
const WEB = vm("web-01");
const DB = vm("db-01");

function port(number: number, endMin: number, status: string, statusReason = "UserRequested"): RequestPort {
  return {
    number,
    allowedSourceAddressPrefixes: ["203.0.113.7"],
    endTimeUtc: NOW + endMin * MIN,
    status,
    statusReason,
  };
}

function request(startMin: number, vms: Array<[string, RequestPort[]]>): JitRequest {
  return {
    virtualMachines: vms.map(([id, ports]) => ({ id, ports })),
    startTimeUtc: NOW + startMin * MIN,
    requestor: "jit.user@contoso.com",
  };
}

function policy(requests: JitRequest[]): Policy {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: SUB,
    resourceGroup: "rg-web",
    location: "westeurope",
    virtualMachines: [
      {
        id: WEB,
        ports: [22, 3389].map((n) => ({
          number: n,
          protocol: "TCP",
          allowedSourceAddressPrefixes: ["*"],
          maxRequestAccessDuration: "PT3H",
        })),
      },
      {
        id: DB,
        ports: [
          {
            number: 22,
            protocol: "*",
            allowedSourceAddressPrefixes: ["10.0.0.0/24"],
            maxRequestAccessDuration: "PT1H",
          },
        ],
      },
    ],
    requests,
  };
}

test("no request for the port: none, without request data", () => {
  assert.deepEqual(portAccess(policy([]), WEB, 22, NOW), { kind: "none" });
  // A request for another port or another VM does not count.
  const p = policy([
    request(-10, [
      [WEB, [port(3389, 50, "Initiated")]],
      [DB, [port(22, 50, "Initiated")]],
    ]),
  ]);
  assert.deepEqual(portAccess(p, WEB, 22, NOW), { kind: "none" });
});

test("Initiating with the end ahead is opening (the real 202 status, not in the spec)", () => {
  const p = policy([request(0, [[WEB, [port(22, 60, "Initiating")]]])]);
  const access = portAccess(p, WEB, 22, NOW);
  assert.equal(access.kind, "opening");
  assert.equal(access.remainingMs, 60 * MIN);
  assert.equal(access.endTimeUtc, NOW + 60 * MIN);
  assert.equal(access.port?.status, "Initiating");
  assert.equal(access.request, p.requests[0]);
});

test("Initiated with the end ahead is open, with the time left by the server clock", () => {
  const p = policy([request(-30, [[WEB, [port(22, 90, "Initiated")]]])]);
  const access = portAccess(p, WEB, 22, NOW);
  assert.equal(access.kind, "open");
  assert.equal(access.remainingMs, 90 * MIN);
  assert.equal(access.endedAgoMs, undefined);
  assert.equal(portAccess(p, WEB, 22, NOW + 89 * MIN).remainingMs, MIN);
});

test("Initiated whose end has passed is ended, even before the service flips it to Revoked; exactly at the end counts as ended", () => {
  const p = policy([request(-70, [[WEB, [port(22, -10, "Initiated")]]])]);
  const access = portAccess(p, WEB, 22, NOW);
  assert.equal(access.kind, "ended");
  assert.equal(access.endedAgoMs, 10 * MIN);
  assert.equal(access.remainingMs, undefined);
  const atEnd = policy([request(-60, [[WEB, [port(22, 0, "Initiated")]]])]);
  assert.equal(portAccess(atEnd, WEB, 22, NOW).kind, "ended");
  assert.equal(portAccess(atEnd, WEB, 22, NOW - 1).kind, "open");
  assert.equal(portAccess(atEnd, WEB, 22, NOW - 1).remainingMs, 1);
  const opening = policy([request(-60, [[WEB, [port(22, 0, "Initiating")]]])]);
  assert.equal(portAccess(opening, WEB, 22, NOW).kind, "ended");
});

test("Revoked: Expired is ended, NewerRequestInitiated is replaced, UserRequested is revoked", () => {
  const cases: Array<[string, string]> = [
    ["Expired", "ended"],
    ["NewerRequestInitiated", "replaced"],
    ["UserRequested", "revoked"],
    ["SomethingNew", "ended"],
  ];
  for (const [reason, kind] of cases) {
    const p = policy([request(-120, [[WEB, [port(22, -60, "Revoked", reason)]]])]);
    const access = portAccess(p, WEB, 22, NOW);
    assert.equal(access.kind, kind, reason);
    assert.equal(access.endedAgoMs, 60 * MIN, reason);
  }
  // Revoked before its end: ended now, 0 ago, no time left.
  const early = portAccess(policy([request(-10, [[WEB, [port(22, 50, "Revoked", "UserRequested")]]])]), WEB, 22, NOW);
  assert.equal(early.kind, "revoked");
  assert.equal(early.endedAgoMs, 0);
  assert.equal(early.remainingMs, undefined);
});

test("statuses and reasons are read case-insensitively", () => {
  assert.equal(portAccess(policy([request(0, [[WEB, [port(22, 60, "INITIATED")]]])]), WEB, 22, NOW).kind, "open");
  assert.equal(
    portAccess(policy([request(-9, [[WEB, [port(22, -1, "revoked", "newerrequestinitiated")]]])]), WEB, 22, NOW).kind,
    "replaced",
  );
});

test("unknown statuses never read as open: none with the raw status while the end is ahead, ended after", () => {
  const ahead = portAccess(policy([request(0, [[WEB, [port(22, 60, "Failed", "NsgUpdateFailed")]]])]), WEB, 22, NOW);
  assert.equal(ahead.kind, "none");
  assert.equal(ahead.rawStatus, "Failed");
  assert.equal(ahead.remainingMs, undefined);
  const passed = portAccess(policy([request(-90, [[WEB, [port(22, -30, "Pending")]]])]), WEB, 22, NOW);
  assert.equal(passed.kind, "ended");
  assert.equal(passed.rawStatus, "Pending");
  assert.equal(passed.endedAgoMs, 30 * MIN);
  const empty = { ...port(22, 60, ""), statusReason: undefined as unknown as string };
  assert.equal(portAccess(policy([request(0, [[WEB, [empty]]])]), WEB, 22, NOW).kind, "none");
});

test("requests are unordered: the latest by startTimeUtc decides, wherever it sits in the list", () => {
  // As in the real 2018 list: old Revoked/Expired entries around a new one (docs/azure-behaviour.md#requests-are-unordered).
  const old1 = request(-3000, [[WEB, [port(22, -2820, "Revoked", "Expired")]]]);
  const current = request(-5, [[WEB, [port(22, 55, "Initiated")]]]);
  const old2 = request(-200, [[WEB, [port(22, -20, "Revoked", "Expired")]]]);
  for (const order of [
    [old1, current, old2],
    [current, old1, old2],
    [old2, old1, current],
  ]) {
    const access = portAccess(policy(order), WEB, 22, NOW);
    assert.equal(access.kind, "open");
    assert.equal(access.request, current);
  }
  // And a newer ended request wins over an older one still open (overlapping requests both keep their state).
  const older = request(-100, [[WEB, [port(22, 80, "Initiated")]]]);
  const newer = request(-50, [[WEB, [port(22, -1, "Revoked", "UserRequested")]]]);
  assert.equal(portAccess(policy([older, newer]), WEB, 22, NOW).kind, "revoked");
  assert.equal(portAccess(policy([newer, older]), WEB, 22, NOW).kind, "revoked");
});

test("same start time: the later end wins, in any order", () => {
  const a = request(-5, [[WEB, [port(22, 30, "Initiated")]]]);
  const b = request(-5, [[WEB, [port(22, 90, "Initiated")]]]);
  assert.equal(portAccess(policy([a, b]), WEB, 22, NOW).remainingMs, 90 * MIN);
  assert.equal(portAccess(policy([b, a]), WEB, 22, NOW).remainingMs, 90 * MIN);
});

test("unreadable times lose: a NaN start never hides a real request, a NaN end is never open", () => {
  const broken: JitRequest = { ...request(0, [[WEB, [port(22, 60, "Initiated")]]]), startTimeUtc: NaN };
  const good = request(-10, [[WEB, [port(22, 20, "Initiated")]]]);
  assert.equal(latestRequestPort(policy([broken, good]), WEB, 22)?.request, good);
  assert.equal(latestRequestPort(policy([good, broken]), WEB, 22)?.request, good);
  const noEnd = { ...port(22, 0, "Initiated"), endTimeUtc: NaN };
  const access = portAccess(policy([request(0, [[WEB, [noEnd]]])]), WEB, 22, NOW);
  assert.equal(access.kind, "none");
  assert.equal(access.rawStatus, "Initiated");
});

test("VM ids match case-insensitively, and one request can hold several VMs and ports", () => {
  const p = policy([
    request(-1, [
      [WEB.toLowerCase(), [port(22, 10, "Initiated"), port(3389, 20, "Initiating")]],
      [DB, [port(22, 30, "Initiated")]],
    ]),
  ]);
  assert.equal(portAccess(p, WEB.toUpperCase(), 22, NOW).kind, "open");
  assert.equal(portAccess(p, WEB, 3389, NOW).kind, "opening");
  assert.equal(portAccess(p, DB, 22, NOW).remainingMs, 30 * MIN);
});

test("activeGrants lists opening and open ports of every policy, soonest-ending first", () => {
  const p1 = policy([
    request(-1, [[WEB, [port(22, 40, "Initiated"), port(3389, 10, "Initiating")]]]),
    request(-100, [[DB, [port(22, -5, "Revoked", "Expired")]]]),
  ]);
  const p2: Policy = { ...policy([request(-2, [[DB, [port(22, 25, "Initiated")]]])]), name: "other" };
  const grants = activeGrants([p1, p2], NOW);
  assert.deepEqual(
    grants.map((g) => [g.policy.name, g.vmId, g.portNumber, g.access.kind, g.access.remainingMs]),
    [
      ["default", WEB, 3389, "opening", 10 * MIN],
      ["other", DB, 22, "open", 25 * MIN],
      ["default", WEB, 22, "open", 40 * MIN],
    ],
  );
  assert.deepEqual(activeGrants([p1, p2], NOW + 60 * MIN), []);
  assert.deepEqual(activeGrants([], NOW), []);
});

test("activeGrants ignores requests for ports or VMs no longer in the policy", () => {
  const p = policy([
    request(-1, [
      [WEB, [port(8080, 40, "Initiated")]],
      [vm("gone"), [port(22, 40, "Initiated")]],
    ]),
  ]);
  assert.deepEqual(activeGrants([p], NOW), []);
});

test("activeGrants lists a port once when the policy has a rule per protocol for it (53 TCP and 53 UDP)", () => {
  const p = policy([request(-1, [[WEB, [port(53, 30, "Initiated")]]])]);
  p.virtualMachines[0].ports.push(
    { number: 53, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT1H" },
    { number: 53, protocol: "UDP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT1H" },
  );
  assert.deepEqual(
    activeGrants([p], NOW).map((g) => [g.vmId, g.portNumber]),
    [[WEB, 53]],
  );
});
