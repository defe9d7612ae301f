// Properties of the request planner from the service's rules (a request is a subset of its policy: a port's
// maximum duration, at most one day, and exactly one of the port's allowed prefixes), not from
// src/core/requestPlan.ts. Hostile inputs (policy maxima past a day or overflowing, any durationMs) must give
// field errors, never a throw and never a wider plan.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../src/core/duration";
import { maxDurationMs, planInitiate } from "../../../src/core/requestPlan";
import type { Policy } from "../../../src/core/types";
import { fcOptions } from "./fcConfig";

const NOW = Date.parse("2026-11-22T12:00:00.000Z");
const VM =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01";

// Maxima as a policy may hold them: the service's range, more than a day, overflowing, or junk.
const maximum = fc.oneof(
  fc.integer({ min: 5, max: 1440 }).map((m) => `PT${m}M`),
  fc.integer({ min: 1, max: 24 }).map((h) => `PT${h}H`),
  fc.integer({ min: 2, max: 400 }).map((d) => `P${d}D`),
  fc.integer({ min: 25, max: 100_000 }).map((h) => `PT${h}H`),
  fc.integer({ min: 17, max: 400 }).map((n) => `P${"9".repeat(n)}D`),
  fc.string({ maxLength: 6 }),
);
const prefix = fc.oneof(
  fc.constantFrom("*", "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/24", "203.0.113.7", "203.0.113.7/32", "192.168.0.0/16"),
  fc.tuple(fc.ipV4(), fc.integer({ min: 8, max: 32 })).map(([a, n]) => `${a}/${n}`),
);
const rule = fc.record({
  number: fc.integer({ min: 1, max: 65535 }),
  protocol: fc.constant("TCP"),
  allowedSourceAddressPrefixes: fc.array(prefix, { maxLength: 3 }),
  maxRequestAccessDuration: maximum,
});
const policy = fc.uniqueArray(rule, { minLength: 1, maxLength: 4, selector: (r) => r.number }).map((ports): Policy => ({
  id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default",
  name: "default",
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroup: "rg",
  location: "westeurope",
  virtualMachines: [{ id: VM, ports }],
  requests: [],
}));
const durationMs = fc.oneof(
  fc.integer({ min: 5 * MINUTE_MS, max: DAY_MS }),
  fc.integer({ min: 0, max: 3 * DAY_MS }),
  fc.constantFrom(1e300, -1e300, Infinity, -Infinity, NaN, -1, 0, Number.MAX_VALUE, Number.MIN_VALUE, 8.64e15),
  fc.double(),
);
const source = fc.option(fc.oneof(prefix, fc.string({ maxLength: 8 }), fc.ipV6()), { nil: undefined });

/** The exact ms an ISO maximum names when it is a plain PTnM / PTnH / PnD; undefined for anything else. */
function plainMaxMs(text: string): number | undefined {
  const m = /^P(?:(\d{1,6})D|T(\d{1,6})H|T(\d{1,6})M)$/.exec(text);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) * DAY_MS : m[2] ? Number(m[2]) * HOUR_MS : Number(m[3]) * MINUTE_MS;
}

test("never throws, never plans above a port's maximum or above one day, never widens a source", () => {
  fc.assert(
    fc.property(policy, fc.nat(), durationMs, source, (p, pick, ms, src) => {
      const ports = p.virtualMachines[0].ports;
      const chosen = ports.filter((_, i) => ((pick >> i) & 1) === 1 || i === pick % ports.length).map((r) => r.number);
      const result = planInitiate({ policy: p, vms: [{ vmId: VM, ports: chosen }], source: src, durationMs: ms }, NOW);
      if (!result.ok) {
        assert.ok(result.errors.length > 0);
        for (const e of result.errors) assert.ok(e.message.length > 0);
        return;
      }
      for (const planned of result.body.virtualMachines[0].ports) {
        const r = ports.find((x) => x.number === planned.number);
        assert.ok(r, "only ports of the policy");
        const span = Date.parse(planned.endTimeUtc) - NOW;
        assert.ok(span >= 5 * MINUTE_MS && span <= DAY_MS, `span ${span} within 5 min – 1 day`);
        const max = plainMaxMs(r.maxRequestAccessDuration);
        if (max !== undefined) assert.ok(span <= Math.min(max, DAY_MS), `${span} ≤ ${r.maxRequestAccessDuration}`);
        // The source sent is one of the port's own prefixes (any-source ports take anything), never something wider.
        const any =
          r.allowedSourceAddressPrefixes.length === 0 ||
          r.allowedSourceAddressPrefixes.some((a) => ["*", "0.0.0.0/0"].includes(a));
        if (!any) {
          assert.ok(planned.allowedSourceAddressPrefix !== undefined, "a limited port gets an explicit source");
          assert.ok(
            r.allowedSourceAddressPrefixes.includes(planned.allowedSourceAddressPrefix),
            planned.allowedSourceAddressPrefix,
          );
        }
      }
    }),
    fcOptions(),
  );
});

test("a policy maximum above one day, or overflowing, is at most one day for planning", () => {
  const big = fc.oneof(
    fc.integer({ min: 2, max: 10_000 }).map((d) => `P${d}D`),
    fc.integer({ min: 17, max: 400 }).map((n) => `P${"9".repeat(n)}D`),
    fc.integer({ min: 25, max: 1_000_000 }).map((h) => `PT${h}H`),
  );
  fc.assert(
    fc.property(big, (max) => {
      const p: Policy = {
        id: "p",
        name: "default",
        subscriptionId: "s",
        resourceGroup: "rg",
        location: "westeurope",
        virtualMachines: [
          {
            id: VM,
            ports: [
              { number: 22, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: max },
            ],
          },
        ],
        requests: [],
      };
      assert.equal(maxDurationMs(p, [{ vmId: VM, ports: [22] }]), DAY_MS, max);
      const over = planInitiate({ policy: p, vms: [{ vmId: VM, ports: [22] }], durationMs: DAY_MS + MINUTE_MS }, NOW);
      assert.equal(over.ok, false, max);
      assert.equal(
        planInitiate({ policy: p, vms: [{ vmId: VM, ports: [22] }], durationMs: DAY_MS }, NOW).ok,
        true,
        max,
      );
    }),
    fcOptions(),
  );
});

test("durations that are no length (NaN, ±Infinity, 1e300, negative) are duration field errors", () => {
  const p: Policy = {
    id: "p",
    name: "default",
    subscriptionId: "s",
    resourceGroup: "rg",
    location: "westeurope",
    virtualMachines: [
      {
        id: VM,
        ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT3H" }],
      },
    ],
    requests: [],
  };
  const bad = fc.oneof(
    fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, Number.MAX_VALUE),
    fc.double({ max: 5 * MINUTE_MS, maxExcluded: true }),
    fc.double({ min: DAY_MS, minExcluded: true }),
  );
  fc.assert(
    fc.property(bad, (ms) => {
      const result = planInitiate({ policy: p, vms: [{ vmId: VM, ports: [22] }], durationMs: ms }, NOW);
      assert.equal(result.ok, false, String(ms));
      if (!result.ok)
        assert.ok(
          result.errors.some((e) => e.field === "duration"),
          String(ms),
        );
    }),
    fcOptions(),
  );
});
