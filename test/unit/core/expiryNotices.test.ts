import assert from "node:assert/strict";
import { test } from "node:test";
import { dueNotices, ENDED_NOTICE_WINDOW_MS, type NoticeGrant } from "../../../src/core/expiryNotices";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const grant = (over: Partial<NoticeGrant> = {}): NoticeGrant => ({
  key: "k1",
  label: "vm-01:22",
  startTimeUtc: T0 - 55 * MIN,
  endTimeUtc: T0 + 5 * MIN,
  ...over,
});

test("warning becomes due at the warning threshold, not before", () => {
  assert.deepEqual(dueNotices([grant()], T0 - 1, { warningMs: 5 * MIN }), []);
  assert.deepEqual(dueNotices([grant()], T0, { warningMs: 5 * MIN }), [
    { kind: "warning", keys: ["k1"], message: "Access to vm-01:22 ends in 5 min" },
  ]);
});

test("the minutes in the warning are rounded, at least 1", () => {
  const message = (leftMs: number) =>
    dueNotices([grant({ endTimeUtc: T0 + leftMs })], T0, { warningMs: 5 * MIN })[0]?.message;
  assert.equal(message(3 * MIN + 200), "Access to vm-01:22 ends in 3 min");
  assert.equal(message(3 * MIN + 40_000), "Access to vm-01:22 ends in 4 min");
  assert.equal(message(10_000), "Access to vm-01:22 ends in 1 min");
});

test("one warning per grant: not again once marked", () => {
  assert.deepEqual(dueNotices([grant({ warned: true })], T0 + MIN, { warningMs: 5 * MIN }), []);
});

test("ended is due at the end, once, and only shortly after it", () => {
  const g = grant();
  assert.deepEqual(
    dueNotices([g], T0 + 5 * MIN, { warningMs: 5 * MIN }).map((n) => [n.kind, n.message]),
    [["ended", "Access to vm-01:22 has ended: established connections stay open, new connections are refused."]],
  );
  assert.deepEqual(dueNotices([{ ...g, endedNotified: true }], T0 + 5 * MIN, { warningMs: 5 * MIN }), []);
  assert.deepEqual(
    dueNotices([g], T0 + 5 * MIN + ENDED_NOTICE_WINDOW_MS + 1, { warningMs: 5 * MIN }),
    [],
    "ended while VS Code was closed",
  );
});

test("a grant already past its end gets only the ended notice, never a late warning", () => {
  assert.deepEqual(
    dueNotices([grant()], T0 + 6 * MIN, { warningMs: 5 * MIN }).map((n) => n.kind),
    ["ended"],
  );
});

test("no warning for a grant not longer than the warning window", () => {
  const short = grant({ startTimeUtc: T0, endTimeUtc: T0 + 5 * MIN });
  assert.deepEqual(dueNotices([short], T0 + 1000, { warningMs: 5 * MIN }), []);
});

test("warnings off (0 minutes, or the notification turned off): the ended notice still comes", () => {
  assert.deepEqual(dueNotices([grant()], T0 + MIN, { warningMs: 0 }), []);
  assert.deepEqual(dueNotices([grant()], T0 + MIN, { warningMs: 5 * MIN, warningNotification: false }), []);
  assert.deepEqual(
    dueNotices([grant()], T0 + 6 * MIN, { warningMs: 5 * MIN, warningNotification: false }).map((n) => n.kind),
    ["ended"],
  );
  assert.deepEqual(
    dueNotices([grant()], T0 + MIN, { warningMs: 5 * MIN, warningNotification: true }).map((n) => n.kind),
    ["warning"],
  );
});

test("grants due in the same tick share one notification", () => {
  const a = grant({ key: "a", label: "vm-01:22", endTimeUtc: T0 + 4 * MIN });
  const b = grant({ key: "b", label: "vm-02:3389", endTimeUtc: T0 + 3 * MIN });
  const c = grant({ key: "c", label: "vm-03:22", endTimeUtc: T0 - MIN });
  const notices = dueNotices([a, b, c], T0, { warningMs: 5 * MIN });
  assert.deepEqual(notices, [
    { kind: "warning", keys: ["b", "a"], message: "Access to vm-02:3389 and 1 more ends in 3 min" },
    {
      kind: "ended",
      keys: ["c"],
      message: "Access to vm-03:22 has ended: established connections stay open, new connections are refused.",
    },
  ]);
});

test("fake clock walk: exactly one warning and one ended notice over a grant's life", () => {
  const g = grant({ startTimeUtc: T0, endTimeUtc: T0 + 60 * MIN });
  const shown: string[] = [];
  for (let now = T0; now <= T0 + 90 * MIN; now += 7_000) {
    for (const n of dueNotices([g], now, { warningMs: 5 * MIN })) {
      shown.push(`${n.kind}@${Math.round((now - T0) / 1000)}`);
      if (n.kind === "warning") g.warned = true;
      else g.endedNotified = true;
    }
  }
  assert.deepEqual(shown, ["warning@3304", "ended@3605"]);
});
