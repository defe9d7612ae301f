import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  FAST_POLL_DELAYS_MS,
  fastPollDelay,
  isSettled,
  nextEndedRenderDelay,
  nextRenderDelay,
  nextWatchAt,
  planPolls,
  refreshIntervalMs,
} from "../../../src/core/pollSchedule";

describe("fast poll delays", () => {
  it("start at 2 s and double", () => {
    assert.equal(fastPollDelay(0), 2_000);
    assert.equal(fastPollDelay(1), 4_000);
    assert.equal(fastPollDelay(2), 8_000);
  });
  it("end after the schedule, and reject nonsense attempts", () => {
    assert.equal(fastPollDelay(FAST_POLL_DELAYS_MS.length), undefined);
    assert.equal(fastPollDelay(-1), undefined);
    assert.equal(fastPollDelay(1.5), undefined);
  });
  it("stop watching once settled, else wait the next delay", () => {
    assert.equal(nextWatchAt(0, true, 1_000), undefined);
    assert.equal(nextWatchAt(0, false, 1_000), 5_000);
    assert.equal(nextWatchAt(FAST_POLL_DELAYS_MS.length - 1, false, 1_000), undefined);
  });
});

describe("refresh interval setting", () => {
  it("defaults to 60 s and clamps", () => {
    assert.equal(refreshIntervalMs(undefined), 60_000);
    assert.equal(refreshIntervalMs("30"), 60_000);
    assert.equal(refreshIntervalMs(90), 90_000);
    assert.equal(refreshIntervalMs(1), 15_000);
    assert.equal(refreshIntervalMs(1e9), 3_600_000);
    assert.equal(refreshIntervalMs(Number.NaN), 60_000);
  });
});

describe("settled", () => {
  it("needs no opening port and a finished PUT", () => {
    assert.equal(isSettled(0, "Succeeded"), true);
    assert.equal(isSettled(0, undefined), true);
    assert.equal(isSettled(1, "Succeeded"), false);
    assert.equal(isSettled(0, "Updating"), false);
  });
});

describe("planPolls", () => {
  const base = { now: 100_000, intervalMs: 60_000, wantsPeriodic: true, active: [], watches: [] };

  it("plans nothing when nothing is open or watched", () => {
    assert.deepEqual(planPolls(base), { due: [] });
  });

  it("polls an open policy one interval after its last read", () => {
    const plan = planPolls({ ...base, active: [{ key: "p1", lastReadAt: 50_000 }] });
    assert.deepEqual(plan, { due: [], nextAt: 110_000 });
    const later = planPolls({ ...base, now: 110_000, active: [{ key: "p1", lastReadAt: 50_000 }] });
    assert.deepEqual(later.due, ["p1"]);
  });

  it("does not poll open policies when nobody looks", () => {
    const plan = planPolls({ ...base, wantsPeriodic: false, active: [{ key: "p1", lastReadAt: 0 }] });
    assert.deepEqual(plan, { due: [] });
  });

  it("keeps fast watches going when nobody looks, and takes the soonest time", () => {
    const plan = planPolls({
      ...base,
      wantsPeriodic: false,
      watches: [
        { key: "a", nextAt: 104_000 },
        { key: "b", nextAt: 99_000 },
        { key: "c", nextAt: 102_000 },
      ],
    });
    assert.deepEqual(plan, { due: ["b"], nextAt: 102_000 });
  });

  it("lets a fast watch replace the periodic poll of the same policy", () => {
    const plan = planPolls({
      ...base,
      active: [{ key: "p1", lastReadAt: 0 }],
      watches: [{ key: "p1", nextAt: 102_000 }],
    });
    assert.deepEqual(plan, { due: [], nextAt: 102_000 });
  });
});

describe("nextRenderDelay", () => {
  it("is undefined with nothing counting down", () => {
    assert.equal(nextRenderDelay([]), undefined);
    assert.equal(nextRenderDelay([0, -5]), undefined);
  });
  it("wakes just after the soonest countdown's text changes (humanDuration rounds to whole minutes)", () => {
    // 41 min 10 s shows "41 min" until 40 min 30 s remain.
    assert.equal(nextRenderDelay([41 * 60_000 + 10_000]), 40_250);
    assert.equal(nextRenderDelay([5 * 60_000]), 30_250);
    assert.equal(nextRenderDelay([5 * 60_000 + 30_000]), 60_000);
    assert.equal(nextRenderDelay([3_000, 90_000]), 3_250);
  });
});

describe("nextEndedRenderDelay", () => {
  it("is undefined with nothing ended on screen", () => {
    assert.equal(nextEndedRenderDelay([]), undefined);
    assert.equal(nextEndedRenderDelay([Number.NaN]), undefined);
  });
  it('wakes just after the soonest "ended … ago" text grows by a minute', () => {
    // 12 min 10 s ago reads "12 min" until 12 min 30 s.
    assert.equal(nextEndedRenderDelay([12 * 60_000 + 10_000]), 20_250);
    // Just ended: "0 min" until 30 s have passed.
    assert.equal(nextEndedRenderDelay([0]), 30_250);
    // On the mark the text has just changed: the next change is a minute away (capped at a minute).
    assert.equal(nextEndedRenderDelay([12 * 60_000 + 30_000]), 60_000);
    assert.equal(nextEndedRenderDelay([3 * 86_400_000 + 29_000, 5 * 60_000]), 1_250);
  });
});
