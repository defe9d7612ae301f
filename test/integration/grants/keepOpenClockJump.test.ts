// Keep open when the server clock jumps (a laptop that slept, the emulator's clock moved) right after a renewal,
// before the renewed grant's policy was read again: the clock is learnt from another policy's read, so the tracker
// ticks with a cached web-prod that does not list the renewal yet. The renewed grant must stay (it is Azure's 202,
// not yet listed) and the next renewal must go out; before the fix the grant was dropped as "not listed for two
// minutes of server time" and keep-open stopped as "ended" (the UI suite's "timed out waiting for renewal 2").
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { quickChoice } from "../../../src/core/quickChoice";
import { planInitiate } from "../../../src/core/requestPlan";
import type { PolicyRef } from "../../../src/core/resourceId";
import { renewalLeadMs } from "../../../src/core/renewal";
import type { KeepOpenStopped } from "../../../src/services";
import { useHarness } from "../../support/azureHarness";
import { until } from "../../support/until";
import { STATE_KEY } from "../../../src/core/startupState";
import { initiates, memento, PROD, trackerRig, web01, webProd, WEB_PROD_ID, type TrackerRig } from "./trackerHarness";

const MIN = 60_000;
const DURATION_MS = 20 * MIN;
const SETTINGS = { defaultDuration: "PT20M", justificationTemplate: "keep-open clock jump" };
const REF = { policyId: WEB_PROD_ID, vmId: web01, portNumber: 22 };
/** Another policy of the same subscription: reading it teaches the client the server's new time. */
const jitData: PolicyRef = {
  subscriptionId: PROD,
  resourceGroup: "rg-data-prod",
  location: "westeurope",
  name: "jit-data",
};

const emulator = useHarness();
let rig: TrackerRig;
let stops: KeepOpenStopped[];

const count = async (): Promise<number> => (await initiates(emulator.h)).length;

/** Moves the emulator's clock so that the server time is `at`; `read` is the policy read that feeds the client. */
async function clockTo(at: number, read: PolicyRef = webProd): Promise<void> {
  const seconds = Math.ceil((at - rig.serverNow()) / 1000);
  if (seconds > 0) await emulator.h.control("POST", "/_emulator/clock", { advanceSeconds: seconds });
  await rig.store.refresh(read);
}

describe("grants: keep open across a jump of the server clock", () => {
  beforeEach(async () => {
    rig = trackerRig(emulator.h, { keepOpenMaxHours: 2 });
    stops = [];
    rig.tracker.onKeepOpenStopped((s) => void stops.push(s));
  });
  afterEach(() => rig.dispose());

  it("the clock jumps past the old window right after a renewal: the renewed grant stays and renews again", async () => {
    await renewThroughAJump();
  });

  // VS Code's globalState sets a value at once but resolves update() only once the value reached the main process:
  // a tick that lands in that gap (any policy read) must not take the just-sent renewal for one remembered before a
  // reload, which left it without the "sent a moment ago" mark and let the jump drop it (the UI suite's flake).
  it("the same when a tick lands while the renewal is still being written to globalState", async () => {
    rig.dispose();
    const state = memento();
    const write = state.update;
    state.update = async (key, value) => {
      await write(key, value);
      if (key !== STATE_KEY.openGrants) return;
      void rig.tracker.tick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    rig = trackerRig(emulator.h, { keepOpenMaxHours: 2, state });
    rig.tracker.onKeepOpenStopped((s) => void stops.push(s));
    await renewThroughAJump();
  });
});

/** Request, keep open, renew once, then jump the clock to the next renewal before web-prod is read again. */
async function renewThroughAJump(): Promise<void> {
  const policy = await rig.store.refresh(webProd);
  const quick = quickChoice(policy, web01, 22, SETTINGS);
  assert.ok(quick.ok);
  const requestedAtMs = rig.serverNow();
  const plan = planInitiate(quick.choice, requestedAtMs);
  assert.ok(plan.ok);
  const first = await rig.tracker.request({ choice: quick.choice, body: plan.body, requestedAtMs });
  assert.ok(first.ok);
  const end1 = first.request.virtualMachines[0]!.ports[0]!.endTimeUtc;
  assert.ok((await rig.tracker.keepOpen(REF)).ok);
  const lead = renewalLeadMs(DURATION_MS);

  await clockTo(end1 - lead + 5_000);
  await rig.tracker.tick();
  const end2 = await until("the first renewal's grant", () => {
    const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
    return g && g.endTimeUtc > end1 ? g.endTimeUtc : undefined;
  });
  assert.equal(await count(), 2);

  // At once (before the fast watch reads web-prod again): the clock jumps to the next renewal, learnt from
  // another policy's read.
  await clockTo(end2 - lead + 5_000, jitData);
  assert.ok(rig.serverNow() > end1, "the old window has ended on the server clock");
  await rig.tracker.tick();
  assert.equal(
    rig.tracker.grant(WEB_PROD_ID, web01, 22)?.endTimeUtc,
    end2,
    "the renewed grant is kept until a read lists it",
  );
  assert.deepEqual(
    stops.map((s) => s.reason.kind),
    [],
    "keep-open did not stop",
  );
  await until("the second renewal", async () => ((await count()) === 3 ? true : undefined));
  await until("the second renewal's grant", () => {
    const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
    return g && g.endTimeUtc > end2 ? g : undefined;
  });
  assert.equal(await count(), 3, "one request for one renewal");
  assert.ok(rig.tracker.keepOpenOf(WEB_PROD_ID, web01, 22), "still kept open");
}
