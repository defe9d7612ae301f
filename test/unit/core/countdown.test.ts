import assert from "node:assert/strict";
import { test } from "node:test";
import { ENDED_VISIBLE_MS, countdownView, nextTickDelay, remainingText } from "../../../src/core/countdown";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

test("remaining text: minutes above ten minutes, m:ss in the last ten", () => {
  assert.equal(remainingText(41 * MIN + 23_000), "42m");
  assert.equal(remainingText(41 * MIN), "41m");
  assert.equal(remainingText(2 * 60 * MIN + 4 * MIN + 59_000), "2h 05m");
  assert.equal(remainingText(10 * MIN + 1), "11m");
  assert.equal(remainingText(10 * MIN), "10:00");
  assert.equal(remainingText(9 * MIN + 59_000), "9:59");
  assert.equal(remainingText(9 * MIN + 58_001), "9:59");
  assert.equal(remainingText(5_000), "0:05");
  assert.equal(remainingText(0), "0:00");
  assert.equal(remainingText(-1), "0:00");
});

test("one open grant: shield, VM name, remaining", () => {
  const view = countdownView([{ vmName: "vm-01", port: 22, endTimeUtc: T0 + 41 * MIN + 23_000 }], T0, 5 * MIN);
  assert.deepEqual(view, { text: "$(shield) vm-01 · 42m", warning: false });
});

test("several open grants: count and the soonest end", () => {
  const view = countdownView(
    [
      { vmName: "vm-01", port: 22, endTimeUtc: T0 + 50 * MIN },
      { vmName: "vm-02", port: 3389, endTimeUtc: T0 + 12 * MIN + 30_000 },
      { vmName: "vm-03", port: 22, endTimeUtc: T0 + 3 * 60 * MIN },
    ],
    T0,
    5 * MIN,
  );
  assert.equal(view?.text, "$(shield) 3 open · 13m");
});

test("spinner while opening; an ended grant stays as 'ended — Re-request' for a while, then hides", () => {
  assert.equal(
    countdownView([{ vmName: "vm-01", port: 22, endTimeUtc: T0 + MIN, opening: true }], T0, 0)?.text,
    "$(loading~spin) vm-01 · opening",
  );
  assert.equal(
    countdownView(
      [
        { vmName: "vm-01", port: 22, endTimeUtc: T0 + 20 * MIN },
        { vmName: "vm-02", port: 22, endTimeUtc: T0 + MIN, opening: true },
      ],
      T0,
      0,
    )?.text,
    "$(loading~spin) vm-01 · 20m",
  );
  assert.equal(countdownView([], T0, 5 * MIN), undefined);
  const ended = countdownView([{ vmName: "vm-01", port: 22, endTimeUtc: T0 - 1 }], T0, 5 * MIN);
  assert.deepEqual(ended, { text: "$(history) vm-01 · ended — Re-request", warning: true, ended: true });
  assert.equal(
    countdownView(
      [
        { vmName: "vm-01", port: 22, endTimeUtc: T0 - 1 },
        { vmName: "vm-02", port: 22, endTimeUtc: T0 - 2 },
      ],
      T0,
      0,
    )?.text,
    "$(history) 2 grants · ended — Re-request",
  );
  assert.equal(
    countdownView([{ vmName: "vm-01", port: 22, endTimeUtc: T0 - ENDED_VISIBLE_MS }], T0, 5 * MIN),
    undefined,
    "hidden once it ended long enough ago",
  );
  assert.equal(
    countdownView(
      [
        { vmName: "vm-01", port: 22, endTimeUtc: T0 - 1 },
        { vmName: "vm-02", port: 22, endTimeUtc: T0 + 20 * MIN },
      ],
      T0,
      0,
    )?.text,
    "$(shield) vm-02 · 20m",
    "an open grant wins over an ended one",
  );
});

test("a VM name from Azure never renders as an icon in the status bar", () => {
  assert.equal(
    countdownView([{ vmName: "$(alert) web", port: 22, endTimeUtc: T0 + 20 * MIN }], T0, 0)?.text,
    "$(shield) \\$(alert) web · 20m",
  );
  assert.equal(
    countdownView([{ vmName: "$(alert) web", port: 22, endTimeUtc: T0 - 1 }], T0, 0)?.text,
    "$(history) \\$(alert) web · ended — Re-request",
  );
});

test("warning only within the warning window", () => {
  const grant = { vmName: "vm-01", port: 22, endTimeUtc: T0 + 5 * MIN };
  assert.equal(countdownView([grant], T0 - 1, 5 * MIN)?.warning, false);
  assert.equal(countdownView([grant], T0, 5 * MIN)?.warning, true);
  assert.equal(countdownView([grant], T0, 0)?.warning, false, "0 turns the warning off");
});

test("ticks on the next whole minute above ten minutes, every second within", () => {
  const end = T0 + 41 * MIN + 23_000;
  assert.equal(nextTickDelay([end], T0, 5 * MIN), 23_000);
  assert.equal(nextTickDelay([end], T0 + 23_000, 5 * MIN), MIN);
  assert.equal(nextTickDelay([T0 + 10 * MIN + 30_000], T0, 5 * MIN), 30_000, "lands exactly on 10:00");
  assert.equal(nextTickDelay([T0 + 9 * MIN + 10_500], T0, 5 * MIN), 500);
  assert.equal(nextTickDelay([T0 + 9 * MIN], T0, 5 * MIN), 1000);
  assert.equal(nextTickDelay([], T0, 5 * MIN), undefined);
  assert.equal(
    nextTickDelay([T0 - 5], T0, 5 * MIN),
    ENDED_VISIBLE_MS - 5,
    "once everything ended, one more tick when the ended grant leaves the bar",
  );
  assert.equal(nextTickDelay([T0 - ENDED_VISIBLE_MS], T0, 5 * MIN), undefined, "no timer once nothing is shown");
});

test("a later grant's warning or end wakes the timer too", () => {
  // soonest ends in 50 min (minute ticks, next one 60 s away); the other enters a 52-min warning window in 20 s
  assert.equal(nextTickDelay([T0 + 50 * MIN, T0 + 52 * MIN + 20_000], T0, 52 * MIN), 20_000);
});

test("simulated clock: the label changes at every tick and never skips a minute", () => {
  const end = T0 + 12 * MIN + 7_250;
  let now = T0;
  const labels: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const view = countdownView([{ vmName: "vm", port: 22, endTimeUtc: end }], now, 5 * MIN);
    if (!view || view.ended) break;
    labels.push(view.text);
    const delay = nextTickDelay([end], now, 5 * MIN);
    assert.ok(delay !== undefined && delay > 0 && delay <= MIN);
    now += delay;
  }
  assert.deepEqual(labels.slice(0, 5), [
    "$(shield) vm · 13m",
    "$(shield) vm · 12m",
    "$(shield) vm · 11m",
    "$(shield) vm · 10:00",
    "$(shield) vm · 9:59",
  ]);
  assert.equal(labels.at(-1), "$(shield) vm · 0:01");
  assert.equal(new Set(labels).size, labels.length, "every tick changes the label");
  assert.equal(labels.length, 3 + 600, "one label per second in the last ten minutes");
  assert.equal(now, end);
});
