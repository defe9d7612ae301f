// The read window: everything at once up to its bound, a scope held for its Retry-After after a 429 (and the window
// halved), a scope whose remaining-reads runs low held until its bucket refills, the window widening on success.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ARM_READ_REFILL_PER_SECOND,
  LOW_REMAINING_READS,
  ReadPacer,
  readScope,
  type ReadPacerClock,
} from "../../../src/azure/readPacer";

/** A clock whose sleeps are recorded and end at once, moving the time on. */
function fakeClock(): ReadPacerClock & { sleeps: number[]; t: number } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

describe("ReadPacer", () => {
  it("lets reads through up to its bound and queues the rest until one ends", async () => {
    const pacer = new ReadPacer(3, fakeClock());
    const releases = await Promise.all([pacer.acquire("a"), pacer.acquire("b"), pacer.acquire("c")]);
    let fourth = false;
    const pending = pacer.acquire("d").then((r) => ((fourth = true), r));
    await new Promise((r) => setImmediate(r));
    assert.equal(fourth, false, "the fourth waits while three are in flight");
    releases[0]!();
    (await pending)();
    assert.equal(fourth, true);
  });

  it("a 429 halves the window and holds its scope for the Retry-After, not the others", async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(8, clock);
    pacer.observe("subscription:a", 429, undefined, 5000);
    assert.equal(pacer.limit, 4);
    assert.equal(pacer.throttled, 1);
    (await pacer.acquire("subscription:b"))();
    assert.deepEqual(clock.sleeps, [], "another subscription goes at once");
    (await pacer.acquire("subscription:a"))();
    assert.deepEqual(clock.sleeps, [5000]);
  });

  it("holds a scope whose remaining reads run low until its bucket has refilled that far", async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(8, clock);
    pacer.observe("tenant", 200, 5, undefined);
    (await pacer.acquire("tenant"))();
    assert.deepEqual(clock.sleeps, [Math.ceil(((LOW_REMAINING_READS - 5) / ARM_READ_REFILL_PER_SECOND) * 1000)]);
    pacer.observe("tenant", 200, 200, undefined);
    (await pacer.acquire("tenant"))();
    assert.equal(clock.sleeps.length, 1, "a healthy budget waits for nothing");
  });

  it("widens the window by one per success back to its bound", () => {
    const pacer = new ReadPacer(4, fakeClock());
    pacer.observe("x", 429, undefined, 1);
    pacer.observe("x", 429, undefined, 1);
    assert.equal(pacer.limit, 1);
    for (let i = 0; i < 10; i++) pacer.observe("x", 200, undefined, undefined);
    assert.equal(pacer.limit, 4);
  });

  it("counts a read against its subscription, or the tenant for tenant-level paths", () => {
    assert.equal(
      readScope("https://management.azure.com/subscriptions/ABC/providers/Microsoft.Security/x?api-version=1"),
      "subscription:abc",
    );
    assert.equal(readScope("https://management.azure.com/subscriptions?api-version=2022-12-01"), "tenant");
    assert.equal(readScope("https://management.azure.com/tenants?api-version=2022-12-01"), "tenant");
    assert.equal(readScope("not a url"), "tenant");
  });
});
