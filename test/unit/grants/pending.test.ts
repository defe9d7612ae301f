// Moved from test/unit/connect/connectPlan.test.ts (assertions unchanged): the in-flight set is now state of the
// grant tracker (src/grants/pending.ts is a class), not a module-level set.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PendingRequests } from "../../../src/grants/pending";
import { POLICY_ID, VM1 } from "../../support/onePortPolicy";

const VM = VM1;

test("two trackers do not share their in-flight requests", () => {
  const a = new PendingRequests();
  const b = new PendingRequests();
  const done = a.add({ vmName: "vm-01", port: 22, policyId: POLICY_ID, vmId: VM });
  assert.equal(b.list().length, 0);
  assert.equal(b.whenSettled(POLICY_ID, VM, 22), undefined);
  assert.ok(a.whenSettled(POLICY_ID, VM, 22));
  done();
  assert.equal(a.list().length, 0);
});

test("in-flight requests (the tracker's own set, no module state): found by policy, VM (any case) and port; settle once done", async () => {
  const inFlight = new PendingRequests();
  const addPendingRequest = inFlight.add.bind(inFlight);
  const pendingRequests = inFlight.list.bind(inFlight);
  const whenSettled = inFlight.whenSettled.bind(inFlight);
  const done = addPendingRequest({ vmName: "vm-01", port: 3389, policyId: POLICY_ID, vmId: VM });
  const other = addPendingRequest({ vmName: "vm-01", port: 22 });
  try {
    assert.equal(whenSettled(POLICY_ID, VM, 22), undefined, "a request without ids is not matched");
    const settled = whenSettled(POLICY_ID.toUpperCase(), VM.toUpperCase(), 3389);
    assert.ok(settled);
    let resolved = false;
    void settled.then(() => (resolved = true));
    await Promise.resolve();
    assert.equal(resolved, false);
    done();
    await settled;
    assert.equal(whenSettled(POLICY_ID, VM, 3389), undefined);
    assert.deepEqual(pendingRequests(), [{ vmName: "vm-01", port: 22 }]);
  } finally {
    done();
    other();
  }
});
