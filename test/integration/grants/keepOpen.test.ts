// Keep open (issue 13) against the emulator with its clock moved forward: the real SDK, the real policies part, the
// grant tracker without VS Code. Renewals at the right moments with the same VMs, ports, source, justification and
// duration, the cap stops it; a narrowed policy stops it with no request; a 429 costs exactly one extra request;
// extend-now replaces the older request without the grant ever leaving the tracker; one window renews.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createJitApi } from "../../../src/azure/jit";
import { sameId } from "../../../src/core/resourceId";
import { quickChoice } from "../../../src/core/quickChoice";
import { planInitiate } from "../../../src/core/requestPlan";
import { LEASE_MS, renewalLeadMs } from "../../../src/core/renewal";
import type { KeepOpenStopped } from "../../../src/services";
import type { Policy } from "../../../src/core/types";
import { useHarness } from "../../support/azureHarness";
import { initiates, trackerRig, web01, webProd, WEB_PROD_ID, type TrackerRig } from "./trackerHarness";
import { until } from "../../support/until";

const MIN = 60_000;
const DURATION_MS = 20 * MIN;
const SETTINGS = { defaultDuration: "PT20M", justificationTemplate: "keep-open test" };
const REF = { policyId: WEB_PROD_ID, vmId: web01, portNumber: 22 };

const emulator = useHarness();
let rig: TrackerRig;
let stops: KeepOpenStopped[];

async function requestWeb01(tracker = rig.tracker) {
  const policy = rig.store.find(webProd) ?? (await rig.store.refresh(webProd));
  const quick = quickChoice(policy, web01, 22, SETTINGS);
  assert.ok(quick.ok);
  const requestedAtMs = rig.serverNow();
  const plan = planInitiate(quick.choice, requestedAtMs);
  assert.ok(plan.ok);
  const outcome = await tracker.request({ choice: quick.choice, body: plan.body, requestedAtMs });
  assert.ok(outcome.ok);
  return outcome.request;
}

/** Moves the emulator's clock so that the server time is `at` (a read feeds the client's server clock). */
async function clockTo(at: number): Promise<void> {
  const seconds = Math.ceil((at - rig.serverNow()) / 1000);
  if (seconds > 0) await emulator.h.control("POST", "/_emulator/clock", { advanceSeconds: seconds });
  await rig.store.refresh(webProd);
}

const count = async (): Promise<number> => (await initiates(emulator.h)).length;

/** This user's requests for web-01:22 in the policy, oldest first. */
function web01Requests(policy: Policy) {
  return policy.requests
    .flatMap((r) =>
      r.virtualMachines
        .filter((vm) => sameId(vm.id, web01))
        .flatMap((vm) => vm.ports.filter((p) => p.number === 22).map((p) => ({ request: r, port: p }))),
    )
    .filter((x) => x.request.justification === SETTINGS.justificationTemplate)
    .sort((a, b) => a.request.startTimeUtc - b.request.startTimeUtc);
}

describe("grants: keep open against the emulator", () => {
  beforeEach(async () => {
    rig = trackerRig(emulator.h, { keepOpenMaxHours: 1 });
    stops = [];
    rig.tracker.onKeepOpenStopped((s) => void stops.push(s));
  });
  afterEach(() => rig.dispose());

  it("renews twice at the end minus the lead with the same request, then the cap cuts the last window and stops it", async () => {
    const first = await requestWeb01();
    const end1 = first.virtualMachines[0]!.ports[0]!.endTimeUtc;
    const kept = await rig.tracker.keepOpen(REF);
    assert.ok(kept.ok, !kept.ok ? kept.message : "");
    const lead = renewalLeadMs(DURATION_MS);
    await rig.tracker.tick();
    assert.equal(await count(), 1, "nothing before the renewal is due");

    // Ten seconds before the renewal is due: still nothing.
    await clockTo(end1 - lead - 10_000);
    await rig.tracker.tick();
    assert.equal(await count(), 1);
    // Due: exactly one renewal.
    await clockTo(end1 - lead + 5_000);
    await rig.tracker.tick();
    await until("the first renewal", async () => ((await count()) === 2 ? true : undefined));
    const end2 = await until("the renewed end", () => {
      const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
      return g && g.endTimeUtc > end1 ? g.endTimeUtc : undefined;
    });
    await rig.tracker.tick();
    assert.equal(await count(), 2, "one request for one renewal");

    await clockTo(end2 - lead + 5_000);
    await rig.tracker.tick();
    await until("the second renewal", async () => ((await count()) === 3 ? true : undefined));
    const end3 = await until("the second renewed end", () => {
      const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
      return g && g.endTimeUtc > end2 ? g.endTimeUtc : undefined;
    });

    const policy = await rig.store.refresh(webProd);
    const mine = web01Requests(policy);
    assert.equal(mine.length, 3);
    for (const { request, port } of mine.slice(0, 3)) {
      assert.equal(request.justification, SETTINGS.justificationTemplate, "same justification");
      assert.deepEqual(
        port.allowedSourceAddressPrefixes,
        ["203.0.113.10"],
        "same source (the caller's IP, as first sent)",
      );
      assert.ok(Math.abs(port.endTimeUtc - request.startTimeUtc - DURATION_MS) < 5_000, "same duration");
    }

    // The third window would pass the cap (an hour after the first request): cut to what the cap leaves.
    const capEndsAt = kept.entry.capEndsAt;
    await clockTo(end3 - lead + 5_000);
    await rig.tracker.tick();
    await until("the last, cut renewal", async () => ((await count()) === 4 ? true : undefined));
    const end4 = await until("the last end", () => {
      const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
      return g && g.endTimeUtc > end3 ? g.endTimeUtc : undefined;
    });
    assert.ok(
      end4 <= capEndsAt + 2_000,
      `never past the cap (${new Date(end4).toISOString()} vs ${new Date(capEndsAt).toISOString()})`,
    );
    await clockTo(end4 - lead + 5_000);
    await rig.tracker.tick();
    assert.deepEqual(
      stops.map((s) => s.reason.kind),
      ["cap"],
    );
    assert.equal(await count(), 4, "the cap sent nothing more");
    assert.equal(rig.tracker.keptOpen().length, 0);
    assert.ok(
      rig.logs.some((l) => /Keep open renewed web-01:22: ends \d{4}-/.test(l)),
      "each renewal logged with its end",
    );
    assert.ok(
      rig.logs.some((l) => /Keep open stopped for web-01:22 \(cap\); access ends \d{4}-/.test(l)),
      "the stop logged with the end",
    );
  });

  it("a narrowed policy stops keep-open with a reason and no request", async () => {
    const first = await requestWeb01();
    const end1 = first.virtualMachines[0]!.ports[0]!.endTimeUtc;
    assert.ok((await rig.tracker.keepOpen(REF)).ok);
    // Someone narrows web-01:22 to 10 minutes: a 20-minute renewal would be wider than the policy now allows.
    await createJitApi(emulator.h.settings).updatePolicyVms(webProd, (vms) =>
      vms.map((vm) =>
        sameId(vm.id, web01)
          ? { ...vm, ports: vm.ports.map((p) => (p.number === 22 ? { ...p, maxRequestAccessDuration: "PT10M" } : p)) }
          : vm,
      ),
    );
    await clockTo(end1 - renewalLeadMs(DURATION_MS) + 5_000);
    await rig.tracker.tick();
    assert.deepEqual(
      stops.map((s) => s.reason.kind),
      ["narrowed"],
    );
    assert.match(stops[0]!.reason.kind === "narrowed" ? stops[0]!.reason.message : "", /no longer allows/);
    assert.equal(await count(), 1, "no renewal was sent");
  });

  it("a 429 on the renewal costs exactly one extra request, then it succeeds", async () => {
    const first = await requestWeb01();
    const end1 = first.virtualMachines[0]!.ports[0]!.endTimeUtc;
    assert.ok((await rig.tracker.keepOpen(REF)).ok);
    await emulator.h.control("POST", "/_emulator/faults", {
      path: "/initiate",
      method: "POST",
      status: 429,
      count: 1,
      retryAfterSeconds: 1,
    });
    await clockTo(end1 - renewalLeadMs(DURATION_MS) + 5_000);
    await rig.tracker.tick();
    const renewed = await until(
      "the renewal after the 429",
      () => {
        const g = rig.tracker.grant(WEB_PROD_ID, web01, 22);
        return g && g.endTimeUtc > end1 ? g : undefined;
      },
      60_000,
    );
    assert.ok(renewed);
    const all = await initiates(emulator.h);
    assert.deepEqual(
      all.map((r) => r.status),
      [202, 429, 202],
      "the first request, the throttled renewal, exactly one retry",
    );
    assert.deepEqual(stops, []);
  });

  it("extend now replaces the older request; the grant never leaves the tracker", async () => {
    await emulator.h.control("POST", "/_emulator/supersede", { enabled: true });
    const first = await requestWeb01();
    const end1 = first.virtualMachines[0]!.ports[0]!.endTimeUtc;
    await clockTo(end1 - 10 * MIN);
    const seen: number[] = [];
    rig.tracker.onDidChange(() => void seen.push(rig.tracker.grants().length));
    const second = await requestWeb01();
    const end2 = second.virtualMachines[0]!.ports[0]!.endTimeUtc;
    assert.ok(end2 > end1);
    await rig.tracker.reconcileWithAzure();
    await until("open again", () =>
      rig.tracker.grant(WEB_PROD_ID, web01, 22)?.opening === undefined ? true : undefined,
    );
    const policy = await rig.store.refresh(webProd);
    const [older, newer] = web01Requests(policy);
    assert.equal(older?.port.status, "Revoked");
    assert.equal(older?.port.statusReason, "NewerRequestInitiated");
    assert.ok(newer && newer.port.status !== "Revoked");
    assert.equal(rig.tracker.grant(WEB_PROD_ID, web01, 22)?.endTimeUtc, end2);
    assert.ok(!seen.includes(0), `the grant was never dropped (${seen.join(",")})`);
  });

  it("one renewer across windows: the lease holder renews; another window takes over when the holder goes away", async () => {
    const first = await requestWeb01();
    const end1 = first.virtualMachines[0]!.ports[0]!.endTimeUtc;
    assert.ok((await rig.tracker.keepOpen(REF)).ok);
    const other = rig.reload({ windowId: "window-2" });
    await clockTo(end1 - renewalLeadMs(DURATION_MS) + 5_000);
    await Promise.all([rig.tracker.tick(), other.tick(), other.tick()]);
    await until("one renewal", async () => ((await count()) === 2 ? true : undefined));
    await Promise.all([rig.tracker.tick(), other.tick()]);
    assert.equal(await count(), 2, "one window renewed, once");
    // The holder goes away (window closed); after its lease lapses the other window renews.
    rig.tracker.dispose();
    const end2 = await until("renewed end", () => {
      const g = other.grant(WEB_PROD_ID, web01, 22);
      return g && g.endTimeUtc > end1 ? g.endTimeUtc : undefined;
    });
    await clockTo(Math.max(end2 - renewalLeadMs(DURATION_MS) + 5_000, rig.serverNow() + LEASE_MS + 1_000));
    await other.tick();
    await until("the other window's renewal", async () => ((await count()) === 3 ? true : undefined));
    assert.equal(other.keepOpenOf(WEB_PROD_ID, web01, 22)?.lease?.holder, "window-2");
  });
});
