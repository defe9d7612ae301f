// Properties of the server clock from RFC 9110 §5.6.7 (HTTP-date), not from src/core/serverClock.ts: every
// IMF-fixdate, rfc850-date and asctime-date of a real instant near local time is read as that instant; any other
// string, even one holding a time of day, never moves the clock.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { MAX_OFFSET_MS, ServerClock } from "../../../src/core/serverClock";
import { fcOptions } from "./fcConfig";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** RFC 9110: IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year. */
function imfFixdate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time(d)} GMT`;
}
/** rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT. */
function rfc850(ms: number): string {
  const d = new Date(ms);
  return `${LONG_DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)} ${time(d)} GMT`;
}
/** asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) ). */
function asctime(ms: number, zeroPad: boolean): string {
  const d = new Date(ms);
  const day = d.getUTCDate() < 10 && !zeroPad ? ` ${d.getUTCDate()}` : two(d.getUTCDate());
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time(d)} ${d.getUTCFullYear()}`;
}
function time(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

// Local times from 1971 to 2200; the server within a day of them (whole seconds, as the header has).
const local = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) });
// (One second short of the limit: local time has milliseconds the header's whole seconds drop.)
const skewSeconds = fc.integer({ min: -MAX_OFFSET_MS / 1000 + 1, max: MAX_OFFSET_MS / 1000 - 1 });

function offsetFrom(header: string, localMs: number): number {
  const clock = new ServerClock();
  clock.observe(header, localMs);
  return clock.offsetMs;
}

function expected(serverMs: number, localMs: number): number {
  const offset = serverMs - localMs;
  return Math.abs(offset) < 2000 ? 0 : offset;
}

test("every IMF-fixdate of an instant within a day of local time sets the clock to that instant", () => {
  fc.assert(
    fc.property(local, skewSeconds, (localMs, skew) => {
      const server = Math.floor(localMs / 1000) * 1000 + skew * 1000;
      assert.equal(offsetFrom(imfFixdate(server), localMs), expected(server, localMs), imfFixdate(server));
    }),
    fcOptions(),
  );
});

test("every rfc850-date and asctime-date of such an instant sets the clock to it too", () => {
  fc.assert(
    fc.property(local, skewSeconds, fc.boolean(), (localMs, skew, zeroPad) => {
      const server = Math.floor(localMs / 1000) * 1000 + skew * 1000;
      assert.equal(offsetFrom(rfc850(server), localMs), expected(server, localMs), rfc850(server));
      assert.equal(offsetFrom(asctime(server, zeroPad), localMs), expected(server, localMs), asctime(server, zeroPad));
    }),
    fcOptions(),
  );
});

test("an HTTP-date more than a day from local time never moves the clock", () => {
  const far = fc.oneof(
    fc.integer({ min: MAX_OFFSET_MS / 1000 + 1, max: 400 * 86_400 }),
    fc.integer({ min: -400 * 86_400, max: -MAX_OFFSET_MS / 1000 - 1 }),
  );
  fc.assert(
    fc.property(local, far, (localMs, skew) => {
      const server = Math.floor(localMs / 1000) * 1000 + skew * 1000;
      assert.equal(offsetFrom(imfFixdate(server), localMs), 0, imfFixdate(server));
    }),
    fcOptions(),
  );
});

test("a string holding a time of day that is not an HTTP-date never moves the clock", () => {
  const localMs = Date.UTC(2026, 2, 1, 12, 0, 0);
  const timeOfDay = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m, s]) => `${two(h)}:${two(m)}:${two(s)}`);
  const junk = fc.string({
    unit: fc.constantFrom(..." ,-:+0123456789TZGMUTCSunMarSundayzone/".split("")),
    maxLength: 12,
  });
  const near = fc.integer({ min: -3600, max: 3600 }).map((s) => localMs + s * 1000);
  // Mutations of real HTTP-dates (a wrong day name, lower case, no zone, an ISO 8601 or zone-less date, extra
  // text) and plain junk around a time of day: none is an HTTP-date.
  const notHttpDate = fc.oneof(
    fc.tuple(junk, timeOfDay, junk).map(([a, t, b]) => `${a}${t}${b}`),
    near.map((ms) => imfFixdate(ms).replace(" GMT", "")),
    near.map((ms) => imfFixdate(ms).toLowerCase()),
    near.map((ms) => imfFixdate(ms).replace(" GMT", " +0000")),
    near.map((ms) => `${imfFixdate(ms)} `),
    near.map((ms) => `x${imfFixdate(ms)}`),
    near.map((ms) => imfFixdate(ms).replace(/^\w+/, (d) => DAYS[(DAYS.indexOf(d) + 1) % 7])),
    near.map((ms) => new Date(ms).toISOString()),
    near.map((ms) =>
      new Date(ms)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, ""),
    ),
    near.map((ms) => new Date(ms).toString()),
    timeOfDay.map((t) => `1 ${t}`),
    timeOfDay.map((t) => `+275760-09-13T${t}Z`),
    timeOfDay.map((t) => `Sat, 13 Sep 275760 ${t} GMT`),
    timeOfDay.map((t) => `Sun, 31 Feb 2026 ${t} GMT`),
  );
  fc.assert(
    fc.property(notHttpDate, (header) => {
      const clock = new ServerClock();
      clock.observe(imfFixdate(localMs + 60_000), localMs);
      clock.observe(header, localMs);
      assert.equal(clock.offsetMs, 60_000, JSON.stringify(header));
    }),
    fcOptions(),
  );
});
