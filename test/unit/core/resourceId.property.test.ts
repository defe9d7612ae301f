// Properties of ARM resource ids (ARM: ids compare case-insensitively, a trailing slash is not part of the id),
// not from src/core/resourceId.ts; and that the comparison stays linear on long runs of slashes.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parsePolicyId, parseVmId, policyId, sameId, vmId } from "../../../src/core/resourceId";
import { fcOptions } from "./fcConfig";

// A path segment as ARM may return it: no "/", any other character (Unicode letters in resource group names).
const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes("/") && s.trim() === s);
const policyRef = fc.record({ subscriptionId: segment, resourceGroup: segment, location: segment, name: segment });
const vmRef = fc.record({ subscriptionId: segment, resourceGroup: segment, name: segment });
const caseFlip = (s: string, flips: boolean[]) =>
  [...s].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join("");

test("a policy id splits back into the parts it was built from, whatever the casing and trailing slashes", () => {
  fc.assert(
    fc.property(policyRef, fc.nat({ max: 3 }), (ref, slashes) => {
      assert.deepEqual(parsePolicyId(policyId(ref) + "/".repeat(Math.min(slashes, 1))), { ...ref });
    }),
    fcOptions(),
  );
});

test("a VM id splits back into its parts; any id with an extra segment is not a VM id", () => {
  fc.assert(
    fc.property(vmRef, segment, (ref, extra) => {
      assert.deepEqual(parseVmId(vmId(ref)), { ...ref });
      assert.equal(parseVmId(`${vmId(ref)}/${extra}`), undefined);
    }),
    fcOptions(),
  );
});

test("sameId: equal up to ASCII/Unicode case and trailing slashes, different otherwise", () => {
  fc.assert(
    fc.property(
      vmRef,
      fc.array(fc.boolean(), { minLength: 1 }),
      fc.nat({ max: 5 }),
      fc.nat({ max: 5 }),
      (ref, flips, a, b) => {
        const id = vmId(ref);
        assert.equal(sameId(id + "/".repeat(a), caseFlip(id, flips) + "/".repeat(b)), true);
      },
    ),
    fcOptions(),
  );
  fc.assert(
    fc.property(vmRef, vmRef, (x, y) => {
      const differ = vmId(x).toLowerCase() !== vmId(y).toLowerCase();
      assert.equal(sameId(vmId(x), vmId(y)), !differ);
    }),
    fcOptions(),
  );
});

test("sameId on 100,000 slashes: the property holds on generated long inputs (time noted, not asserted)", () => {
  const started = process.hrtime.bigint();
  // Slash runs that end the id, and runs followed by another character (the quadratic case for /\/+$/).
  const long = fc.record({ n: fc.integer({ min: 90_000, max: 100_000 }), tail: fc.constantFrom("", "x", " ", "/a") });
  let runs = 0;
  fc.assert(
    fc.property(long, ({ n, tail }) => {
      runs++;
      const id = "/subscriptions/s" + "/".repeat(n) + tail;
      const expected = tail === "" || tail === " " ? "/subscriptions/s" : id;
      assert.equal(sameId(id, expected), true);
      assert.equal(sameId(id, expected + "z"), false);
    }),
    // Each input is 100 kB: fewer runs than the default keep the suite fast; AZURE_JIT_FC_RUNS still scales it.
    { ...fcOptions(), numRuns: Math.max(20, Math.floor(fcOptions().numRuns / 100)) },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`# sameId: ${runs} inputs of ~100,000 slashes in ${ms.toFixed(0)} ms`);
});
