// A grant ends at Azure's endTimeUtc (the 202, then each read), never at requestedAt + durationMs: the request form
// used to record the latter, so a grant Azure shortened counted down past its real end.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GrantMemory, type StateStore } from "../../../src/grants/grantMemory";
import type { JitRequest } from "../../../src/core/types";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const POLICY =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
const VM1 = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01";
const VM2 = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-02";

function store(): StateStore {
  const data = new Map<string, unknown>();
  return {
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: async (key, value) => void data.set(key, JSON.parse(JSON.stringify(value))),
  };
}

function accepted(
  ports: Array<{ vmId: string; port: number; endTimeUtc: number }>,
  startTimeUtc = T0 + 2_000,
): JitRequest {
  return {
    startTimeUtc,
    requestor: "me@contoso.example",
    virtualMachines: ports.map((p) => ({
      id: p.vmId,
      ports: [
        {
          number: p.port,
          endTimeUtc: p.endTimeUtc,
          status: "Initiating",
          statusReason: "UserRequested",
          allowedSourceAddressPrefix: "203.0.113.10",
        },
      ],
    })),
  } as unknown as JitRequest;
}

test("the form's request counts down to the 202's endTimeUtc, not requestedAt + durationMs", async () => {
  const memory = new GrantMemory(store());
  // Asked for 3 h; Azure's 202 says the grant ends after 1 h (the port's maximum, or the server clock ahead).
  await memory.rememberRequested(
    { policyId: POLICY, vms: [{ vmId: VM1, ports: [22] }], durationMs: 3 * 60 * MIN, requestedAtMs: T0 },
    accepted([{ vmId: VM1, port: 22, endTimeUtc: T0 + 60 * MIN }]),
  );
  const [grant, ...rest] = memory.grants();
  assert.deepEqual(rest, []);
  assert.equal(grant?.endTimeUtc, T0 + 60 * MIN);
  assert.equal(grant?.startTimeUtc, T0 + 2_000, "the 202's startTimeUtc");
  assert.equal(grant?.opening, true);
  assert.equal(memory.lastRequest(POLICY, VM1, 22)?.durationMs, 3 * 60 * MIN, "re-request repeats what was asked");
});

test("a port the 202 does not list gets no countdown; without a 202 only the request is remembered", async () => {
  const memory = new GrantMemory(store());
  await memory.rememberRequested(
    {
      policyId: POLICY,
      vms: [
        { vmId: VM1, ports: [22] },
        { vmId: VM2, ports: [22] },
      ],
      durationMs: 60 * MIN,
      requestedAtMs: T0,
    },
    accepted([{ vmId: VM2.toUpperCase(), port: 22, endTimeUtc: T0 + 30 * MIN }]),
  );
  assert.deepEqual(
    memory.grants().map((g) => [g.vmName, g.endTimeUtc]),
    [["vm-02", T0 + 30 * MIN]],
  );
  await memory.rememberRequested({
    policyId: POLICY,
    vms: [{ vmId: VM1, ports: [3389] }],
    durationMs: 60 * MIN,
    requestedAtMs: T0,
  });
  assert.ok(memory.lastRequest(POLICY, VM1, 3389));
  assert.equal(memory.grant(POLICY, VM1, 3389), undefined);
});
