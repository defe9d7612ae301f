import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServerClock } from "../../../src/core/serverClock";

const LOCAL = Date.parse("2026-03-01T12:00:00.000Z");

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

describe("ServerClock", () => {
  it("starts with no offset", () => {
    const clock = new ServerClock();
    assert.equal(clock.offsetMs, 0);
    assert.equal(clock.now(LOCAL), LOCAL);
  });

  it("takes the offset from a Date header when the local clock is behind", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL + 5 * 60_000), LOCAL);
    assert.equal(clock.offsetMs, 5 * 60_000);
    assert.equal(clock.now(LOCAL + 1000), LOCAL + 1000 + 5 * 60_000);
  });

  it("takes the offset when the local clock is ahead", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL - 90_000), LOCAL);
    assert.equal(clock.offsetMs, -90_000);
    assert.equal(clock.now(LOCAL), LOCAL - 90_000);
  });

  it("ignores differences under 2 s (the header's 1 s resolution plus transit)", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL), LOCAL + 999);
    assert.equal(clock.offsetMs, 0);
    clock.observe(httpDate(LOCAL + 1000), LOCAL - 999);
    assert.equal(clock.offsetMs, 0);
    clock.observe(httpDate(LOCAL), LOCAL + 1999);
    assert.equal(clock.offsetMs, 0);
    clock.observe(httpDate(LOCAL), LOCAL + 2000);
    assert.equal(clock.offsetMs, -2000);
  });

  it("follows the latest observation, including back to no offset", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL + 60_000), LOCAL);
    assert.equal(clock.offsetMs, 60_000);
    clock.observe(httpDate(LOCAL + 120_000), LOCAL);
    assert.equal(clock.offsetMs, 120_000);
    clock.observe(httpDate(LOCAL), LOCAL);
    assert.equal(clock.offsetMs, 0);
  });

  it("reads the HTTP date forms servers send", () => {
    for (const header of [
      "Sun, 01 Mar 2026 12:10:00 GMT",
      "Sunday, 01-Mar-26 12:10:00 GMT",
      "Sun Mar  1 12:10:00 2026",
    ]) {
      const clock = new ServerClock();
      clock.observe(header, LOCAL);
      assert.equal(clock.offsetMs, 10 * 60_000, header);
    }
  });

  it("keeps the last good offset when a header is missing or unreadable", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL + 60_000), LOCAL);
    for (const bad of [undefined, "", "not a date", "1", "2026", "Mon, 99 Foo 2026 12:00:00 GMT"]) {
      clock.observe(bad, LOCAL);
      assert.equal(clock.offsetMs, 60_000, String(bad));
    }
  });

  it("ignores an observation made with an unusable local time", () => {
    const clock = new ServerClock();
    clock.observe(httpDate(LOCAL + 60_000), LOCAL);
    clock.observe(httpDate(LOCAL), Number.NaN);
    assert.equal(clock.offsetMs, 60_000);
  });
});
