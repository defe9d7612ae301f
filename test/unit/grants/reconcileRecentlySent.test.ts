// Reconcile (src/grants/reconcile.ts) after a jump of the server clock: a request this tracker sent moments ago (on
// its own monotonic clock) stays while its policy's cached read does not list it, however far the server clock moved;
// once it is no longer recent, the server-time listing lag decides again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { reconcileGrants } from "../../../src/grants/reconcile";
import { onePortPolicy, openingGrant, rule, VM1 } from "../../support/onePortPolicy";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

const sent = openingGrant(T0);
const cached = onePortPolicy([rule(22, {})], []);
const mine = (): boolean => true;

test("reconcile: a just-sent request survives a server-clock jump of 55 min while its policy read predates it", () => {
  const jumped = T0 + 55 * MIN;
  assert.deepEqual(
    reconcileGrants([sent], [cached], mine, jumped, undefined, () => true),
    [sent],
  );
  assert.deepEqual(
    reconcileGrants([sent], [cached], mine, jumped, undefined, () => false),
    [],
    "not recent: the listing lag is long past, so it is gone (revoked or replaced)",
  );
});

test("reconcile: recency never keeps a grant past its end, nor one that is not opening", () => {
  const ended = reconcileGrants([sent], [cached], mine, T0 + 61 * MIN, undefined, () => true);
  assert.equal(ended.length, 1, "shown as ended for a while");
  assert.equal(ended[0]!.opening, undefined, "no longer opening");
  const open = { ...sent, opening: undefined };
  assert.deepEqual(
    reconcileGrants([open], [cached], mine, T0 + 10 * MIN, undefined, () => true),
    [],
  );
});

test("reconcile: a just-sent request that the read lists as replaced is gone, recent or not", () => {
  const replaced = onePortPolicy(
    [rule(22, {})],
    [
      {
        startTimeUtc: T0,
        requestor: "me@contoso.com",
        virtualMachines: [
          {
            id: VM1,
            ports: [
              {
                number: 22,
                allowedSourceAddressPrefixes: ["1.2.3.4"],
                endTimeUtc: T0 + 60 * MIN,
                status: "Revoked",
                statusReason: "NewerRequestInitiated",
              },
            ],
          },
        ],
      },
    ],
  );
  assert.deepEqual(
    reconcileGrants([sent], [replaced], mine, T0 + 10 * MIN, undefined, () => true),
    [],
  );
});
