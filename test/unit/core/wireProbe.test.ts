// Connect's probe schedule: bounded in total, each attempt bounded, and the doctor's message names what Azure recorded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MIN_ATTEMPT_MS, nextProbeStep, PROBE_BOUNDS, unreachableMessage } from "../../../src/core/wireProbe";
import { fcOptions } from "./fcConfig";

describe("probe schedule", () => {
  it("tries at once, then backs off, and gives up at the total bound", () => {
    const first = nextProbeStep(0, 0);
    assert.deepEqual(first, { kind: "attempt", delayMs: 0, timeoutMs: PROBE_BOUNDS.attemptTimeoutMs });
    assert.equal((nextProbeStep(1, 10) as { delayMs: number }).delayMs, 500);
    assert.equal((nextProbeStep(99, 10) as { delayMs: number }).delayMs, 2000, "the last delay repeats");
    assert.deepEqual(nextProbeStep(5, PROBE_BOUNDS.totalMs), { kind: "giveUp" });
    assert.deepEqual(
      nextProbeStep(5, PROBE_BOUNDS.totalMs - 2000 - MIN_ATTEMPT_MS + 1),
      { kind: "giveUp" },
      "too little left after the pause",
    );
  });

  it("property: no attempt, pause included, ever ends after the total bound, and every attempt is long enough", () => {
    const bounds = fc.record({
      attemptTimeoutMs: fc.integer({ min: 1, max: 60_000 }),
      totalMs: fc.integer({ min: 0, max: 600_000 }),
      delaysMs: fc.array(fc.integer({ min: -10, max: 60_000 }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        bounds,
        fc.integer({ min: -5, max: 1000 }),
        fc.integer({ min: -1000, max: 700_000 }),
        (b, attempt, elapsed) => {
          const step = nextProbeStep(attempt, elapsed, b);
          if (step.kind === "giveUp") return;
          assert.ok(step.delayMs >= 0);
          assert.ok(
            step.timeoutMs >= Math.min(MIN_ATTEMPT_MS, b.attemptTimeoutMs) && step.timeoutMs <= b.attemptTimeoutMs,
          );
          assert.ok(Math.max(0, elapsed) + step.delayMs + step.timeoutMs <= b.totalMs, "within the total bound");
        },
      ),
      fcOptions(),
    );
  });

  it("property: a schedule run to the end makes finitely many attempts and stops within the bound", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120_000 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 5 }),
        (totalMs, delaysMs) => {
          const b = { attemptTimeoutMs: 3000, totalMs, delaysMs };
          let elapsed = 0;
          let attempts = 0;
          for (;;) {
            const step = nextProbeStep(attempts, elapsed, b);
            if (step.kind === "giveUp") break;
            elapsed += step.delayMs + step.timeoutMs; // the worst case: every attempt times out
            attempts++;
            assert.ok(attempts <= totalMs / MIN_ATTEMPT_MS + 1, "finitely many attempts");
          }
          assert.ok(elapsed <= totalMs);
        },
      ),
      fcOptions(),
    );
  });
});

describe("IP doctor message", () => {
  it("names the source Azure recorded and the address tried", () => {
    const text = unreachableMessage({
      vmName: "web-01",
      portNumber: 22,
      host: "20.61.10.4",
      port: 22,
      sources: ["198.51.100.7"],
      last: "timeout",
    });
    assert.match(
      text,
      /^Azure opened port 22 of web-01 for 198\.51\.100\.7 — is that your address\? A proxy or VPN may send your SSH from another one\./,
    );
    assert.match(text, /20\.61\.10\.4:22: nothing answered/);
  });

  it("shows the firewall's mapped port next to the port number", () => {
    const text = unreachableMessage({
      vmName: "jumpbox-01",
      portNumber: 22,
      host: "20.61.99.1",
      port: 50000,
      sources: ["203.0.113.10"],
      last: "refused",
    });
    assert.match(text, /20\.61\.99\.1:50000 \(mapped to port 22\): the connection was refused/);
  });
});
