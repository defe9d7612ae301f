// Properties of ISO 8601 durations as JIT policies write them (maxRequestAccessDuration), stated from the grammar
// (XML Schema dayTimeDuration, the ISO 8601 subset the service's .NET parser reads), not from src/core/duration.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DAY_MS, HOUR_MS, MINUTE_MS, formatIsoDuration, parseIsoDuration } from "../../../src/core/duration";
import { fcOptions } from "./fcConfig";

const UNIT_MS = { D: DAY_MS, H: HOUR_MS, M: MINUTE_MS, S: 1000 } as const;
type Unit = keyof typeof UNIT_MS;

/**
 * The grammar, by hand: "P" [n "D"] ["T" [n "H"] [n "M"] [n "S"]], at least one unit, "T" followed by at least one
 * unit, n = digits ["." digits] with a fraction on the last unit only. Returns the exact length in ms as a
 * fraction (numerator over 10^k, BigInt), or undefined outside the grammar.
 */
function reference(text: string): { num: bigint; scale: bigint } | undefined {
  const s = text.trim().toUpperCase();
  if (s[0] !== "P") return undefined;
  let i = 1;
  let inTime = false;
  let timeUnits = 0;
  let units = 0;
  const order: Unit[] = ["D", "H", "M", "S"];
  let next = 0;
  let num = 0n;
  let scale = 1n;
  let fractionSeen = false;
  while (i < s.length) {
    if (s[i] === "T") {
      if (inTime) return undefined;
      inTime = true;
      i++;
      next = Math.max(next, 1);
      continue;
    }
    const start = i;
    while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
    if (i === start) return undefined;
    let whole = s.slice(start, i);
    let fraction = "";
    if (s[i] === ".") {
      i++;
      const f = i;
      while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
      if (i === f) return undefined;
      fraction = s.slice(f, i);
    }
    const unit = s[i] as Unit;
    const at = order.indexOf(unit);
    if (at < 0 || at < next || (unit === "D") === inTime) return undefined;
    if (fractionSeen) return undefined; // a fraction was not on the last unit
    next = at + 1;
    i++;
    units++;
    if (inTime) timeUnits++;
    if (fraction) fractionSeen = true;
    whole = whole.replace(/^0+(?=\d)/, "");
    const k = 10n ** BigInt(fraction.length);
    const value = BigInt(whole) * k + (fraction ? BigInt(fraction) : 0n);
    // Bring both to the same scale.
    const common = scale > k ? scale : k;
    num = num * (common / scale) + value * BigInt(UNIT_MS[unit]) * (common / k);
    scale = common;
  }
  if (units === 0 || (inTime && timeUnits === 0)) return undefined;
  return { num, scale };
}

function roundedMs(r: { num: bigint; scale: bigint }): bigint {
  return (r.num * 2n + r.scale) / (2n * r.scale);
}

const amount = fc.nat({ max: 100_000 }).map(String);

test("every well-formed duration within range parses to exactly its milliseconds", () => {
  const arb = fc
    .record({
      d: fc.option(amount, { nil: undefined }),
      h: fc.option(amount, { nil: undefined }),
      m: fc.option(amount, { nil: undefined }),
      s: fc.option(amount, { nil: undefined }),
      // Digits of a fraction on the last unit, few enough that the result is whole milliseconds.
      fraction: fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
      lower: fc.boolean(),
    })
    .filter((r) => r.d !== undefined || r.h !== undefined || r.m !== undefined || r.s !== undefined);
  fc.assert(
    fc.property(arb, (r) => {
      const parts: Array<[string, Unit]> = [];
      if (r.d !== undefined) parts.push([r.d, "D"]);
      if (r.h !== undefined) parts.push([r.h, "H"]);
      if (r.m !== undefined) parts.push([r.m, "M"]);
      if (r.s !== undefined) parts.push([r.s, "S"]);
      if (r.fraction !== undefined) parts[parts.length - 1][0] += `.${r.fraction}`;
      let text = "P";
      for (const [n, unit] of parts) {
        if (unit !== "D" && !text.includes("T")) text += "T";
        text += n + unit;
      }
      if (r.lower) text = text.toLowerCase();
      const exact = reference(text);
      assert.ok(exact, text);
      const ms = roundedMs(exact);
      const parsed = parseIsoDuration(text);
      if (ms === 0n) assert.equal(parsed.ok, false, text);
      else assert.deepEqual(parsed, { ok: true, ms: Number(ms) }, text);
    }),
    fcOptions(),
  );
});

test("every string outside the grammar is refused, every one inside is read as the grammar says", () => {
  const alphabet = fc.constantFrom(..."PTDHMSYW0123456789.,-+ ptdhms".split(""), "\u2028", "\u0000", "\u0661");
  const arb = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 14 }),
    fc.string({ unit: alphabet, maxLength: 10 }).map((s) => `P${s}`),
    fc.string({ unit: alphabet, maxLength: 10 }).map((s) => `PT${s}`),
  );
  fc.assert(
    fc.property(arb, (text) => {
      const exact = reference(text);
      const parsed = parseIsoDuration(text);
      if (exact === undefined) {
        assert.equal(parsed.ok, false, JSON.stringify(text));
        return;
      }
      const ms = roundedMs(exact);
      if (ms <= 0n || ms > BigInt(Number.MAX_SAFE_INTEGER)) assert.equal(parsed.ok, false, JSON.stringify(text));
      else assert.deepEqual(parsed, { ok: true, ms: Number(ms) }, JSON.stringify(text));
    }),
    fcOptions(),
  );
});

test("a number too large to count milliseconds exactly is invalid, never Infinity nor a rounded length", () => {
  const arb = fc.record({
    digits: fc.integer({ min: 17, max: 400 }),
    unit: fc.constantFrom("D", "TH", "TM", "TS"),
    lead: fc.integer({ min: 1, max: 9 }),
  });
  fc.assert(
    fc.property(arb, ({ digits, unit, lead }) => {
      const number = String(lead) + "9".repeat(digits - 1);
      const text = unit === "D" ? `P${number}D` : `PT${number}${unit[1]}`;
      const parsed = parseIsoDuration(text);
      assert.equal(parsed.ok, false, text);
    }),
    fcOptions(),
  );
});

test("formatIsoDuration writes what parseIsoDuration reads back (whole seconds up to a year)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 365 * 86_400 }), (seconds) => {
      const text = formatIsoDuration(seconds * 1000);
      assert.ok(reference(text), text);
      assert.deepEqual(parseIsoDuration(text), { ok: true, ms: seconds * 1000 });
    }),
    fcOptions(),
  );
});
