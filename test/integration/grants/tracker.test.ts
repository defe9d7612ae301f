// The grant tracker (src/grants/tracker.ts) against the emulator: the real SDK over HTTPS, the real policies part,
// no VS Code. Each entry point sends through the tracker's one request function: exactly one initiate and one
// watch per request, remembered with the 202's endTimeUtc; a reload resumes; reads that show the request ended or
// replaced reconcile it; notices fall due at the right moments (the emulator's clock moved forward).
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createJitApi } from "../../../src/azure/jit";
import { portAccess } from "../../../src/core/accessState";
import { quickChoice } from "../../../src/core/quickChoice";
import { planInitiate } from "../../../src/core/requestPlan";
import type { GrantNotice } from "../../../src/services";
import { initialValues } from "../../../src/requestForm/formModel";
import { submitValues } from "../../../src/requestForm/submit";
import type { FormSettings } from "../../../src/requestForm/protocol";
import { useHarness } from "../../support/azureHarness";
import { initiates, trackerRig, web01, webProd, WEB_PROD_ID, type TrackerRig } from "./trackerHarness";
import { until } from "../../support/until";

const MIN = 60_000;
const SETTINGS: FormSettings = { defaultDuration: "PT1H", justificationTemplate: "", requireJustification: false };

const emulator = useHarness();
let rig: TrackerRig;

async function webPolicy() {
  return rig.store.find(webProd) ?? (await rig.store.refresh(webProd));
}

/** The one-click path as src/grants/requestFlow.ts plans it: quickChoice (quick defaults or the last request), planInitiate once. */
async function oneClick(repeat: boolean) {
  const policy = await webPolicy();
  const last = repeat ? rig.tracker.lastRequest(policy.id, web01, 22) : undefined;
  const quick = quickChoice(
    policy,
    web01,
    22,
    SETTINGS,
    last && { source: last.source, durationMs: last.durationMs, justification: last.justification },
  );
  assert.ok(quick.ok);
  const requestedAtMs = rig.serverNow();
  const plan = planInitiate(quick.choice, requestedAtMs);
  assert.ok(plan.ok);
  return rig.tracker.request({ choice: quick.choice, body: plan.body, requestedAtMs });
}

describe("grants: the tracker against the emulator", () => {
  beforeEach(async () => {
    rig = trackerRig(emulator.h);
  });
  afterEach(() => rig.dispose());

  it("the form's submit sends one initiate and starts one watch, remembered with the 202's end", async () => {
    const policy = await webPolicy();
    const values = initialValues(policy, SETTINGS, web01, 22);
    let busy = 0;
    const result = await submitValues(
      { grants: rig.tracker, serverNow: rig.serverNow, log: { info: () => {} } },
      policy,
      values,
      SETTINGS,
      () => busy++,
    );
    assert.equal(result.kind, "sent");
    assert.ok(result.kind === "sent" && result.outcome.ok);
    const granted = result.outcome.request;
    assert.equal(busy, 1);
    assert.equal((await initiates(emulator.h)).length, 1, "exactly one initiate per submit");
    assert.equal(rig.watches.length, 1, "exactly one watch per submit");
    const [grant, ...rest] = rig.tracker.grants();
    assert.deepEqual(rest, []);
    assert.equal(grant?.endTimeUtc, granted.virtualMachines[0]?.ports[0]?.endTimeUtc, "the 202's endTimeUtc");
    assert.equal(grant?.opening, true);
    assert.equal(rig.tracker.pending().length, 0, "nothing left in flight");
    // Azure settles the request (Initiating → Initiated): the tracker follows without a second watch.
    await until("open", () =>
      rig.tracker.grants()[0]?.opening === undefined && rig.tracker.grants().length === 1 ? true : undefined,
    );
    assert.equal(rig.watches.length, 1, "the settle did not watch the policy again");
    assert.equal((await initiates(emulator.h)).length, 1);
    assert.ok(
      rig.logs.some((l) => /^info Requested web-01:22 for 1 h .*ends \d{4}-/.test(l)),
      rig.logs.join("\n"),
    );
  });

  it("an invalid form sends nothing", async () => {
    const policy = await webPolicy();
    const values = {
      ...initialValues(policy, SETTINGS, web01, 22),
      source: { kind: "custom" as const, text: "*" },
      confirmAnySource: false,
    };
    const result = await submitValues(
      { grants: rig.tracker, serverNow: rig.serverNow, log: { info: () => {} } },
      policy,
      values,
      SETTINGS,
    );
    assert.equal(result.kind, "invalid");
    assert.equal((await initiates(emulator.h)).length, 0);
    assert.equal(rig.watches.length, 0);
  });

  it("quick request and re-request each land as one initiate, remembered with the 202's end", async () => {
    const first = await oneClick(false);
    assert.ok(first.ok);
    assert.equal((await initiates(emulator.h)).length, 1);
    assert.equal(rig.watches.length, 1);
    assert.equal(
      rig.tracker.grant(WEB_PROD_ID, web01, 22)?.endTimeUtc,
      first.request.virtualMachines[0]?.ports[0]?.endTimeUtc,
    );
    const again = await oneClick(true);
    assert.ok(again.ok);
    assert.equal((await initiates(emulator.h)).length, 2, "one more initiate, not two");
    assert.equal(rig.watches.length, 2);
    const grants = rig.tracker.grants();
    assert.equal(grants.length, 1, "the re-request replaces the remembered grant of that port");
    assert.equal(grants[0]?.endTimeUtc, again.request.virtualMachines[0]?.ports[0]?.endTimeUtc);
  });

  it("a failed request is reported, not remembered, and leaves nothing in flight", async () => {
    await emulator.h.control("POST", "/_emulator/faults", {
      path: "/initiate",
      status: 403,
      code: "AuthorizationFailed",
      count: 1,
    });
    const outcome = await oneClick(false);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error.kind, "forbidden");
    assert.deepEqual(rig.tracker.grants(), []);
    assert.equal(rig.tracker.pending().length, 0);
    assert.equal(rig.watches.length, 0);
  });

  it("a reload (a new tracker over the same storage) shows the grant at once and resumes it from Azure's read", async () => {
    const sent = await oneClick(false);
    assert.ok(sent.ok);
    const end = sent.request.virtualMachines[0]?.ports[0]?.endTimeUtc;
    rig.tracker.dispose();
    const reloaded = rig.reload();
    // Before any network call: the remembered grant.
    assert.equal(reloaded.grants()[0]?.endTimeUtc, end);
    await reloaded.reconcileWithAzure();
    const [grant] = reloaded.grants();
    assert.equal(grant?.endTimeUtc, end, "Azure's endTimeUtc from the read");
    const policy = rig.store.find(webProd);
    assert.ok(policy);
    assert.ok(
      ["opening", "open"].includes(portAccess(policy, web01, 22, rig.serverNow(), reloaded.me()).kind),
      "Azure lists it as mine",
    );
  });

  it("notices: the warning once within the window, then the ended notice once after the end (clock moved forward)", async () => {
    const notices: GrantNotice[] = [];
    rig.tracker.onNotice((n) => void notices.push(n));
    const sent = await oneClick(false);
    assert.ok(sent.ok);
    const end = sent.request.virtualMachines[0]!.ports[0]!.endTimeUtc;
    await rig.tracker.tick();
    assert.equal(notices.length, 0, "nothing due an hour before the end");
    // Three minutes before the end: inside the five-minute warning window.
    await emulator.h.control("POST", "/_emulator/clock", {
      advanceSeconds: Math.round((end - rig.serverNow() - 3 * MIN) / 1000),
    });
    await rig.tracker.reconcileWithAzure();
    assert.deepEqual(
      notices.map((n) => n.notice.kind),
      ["warning"],
    );
    assert.deepEqual(notices[0]?.refs, [{ policyId: WEB_PROD_ID, vmId: web01, portNumber: 22 }]);
    await rig.tracker.tick();
    assert.equal(notices.length, 1, "shown once");
    await emulator.h.control("POST", "/_emulator/clock", { advanceSeconds: 4 * 60 });
    await rig.tracker.reconcileWithAzure();
    assert.deepEqual(
      notices.map((n) => n.notice.kind),
      ["warning", "ended"],
    );
    const [grant] = rig.tracker.grants();
    assert.ok(grant && grant.endTimeUtc <= rig.serverNow(), "kept as ended (the status bar offers Re-request)");
    await rig.tracker.tick();
    assert.equal(notices.length, 2, "the ended notice once");
  });

  it("a read that shows the request replaced by a request that is not mine drops the grant without a notice", async () => {
    await emulator.h.control("POST", "/_emulator/supersede", { enabled: true });
    const notices: GrantNotice[] = [];
    rig.tracker.onNotice((n) => void notices.push(n));
    const sent = await oneClick(false);
    assert.ok(sent.ok);
    // Later than MINE_WINDOW_MS, someone (not through this tracker) requests the same port: Azure revokes mine.
    await emulator.h.control("POST", "/_emulator/clock", { advanceSeconds: 10 * 60 });
    await createJitApi(emulator.h.settings).initiate(webProd, {
      virtualMachines: [
        {
          id: web01,
          ports: [
            {
              number: 22,
              allowedSourceAddressPrefix: "198.51.100.7",
              endTimeUtc: new Date(rig.serverNow() + 30 * MIN).toISOString(),
            },
          ],
        },
      ],
    });
    await rig.tracker.reconcileWithAzure();
    assert.deepEqual(rig.tracker.grants(), []);
    assert.equal(notices.length, 0);
  });
});
