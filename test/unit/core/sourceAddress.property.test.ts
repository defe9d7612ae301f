// Properties of source addresses from RFC 4632 (CIDR) and RFC 791 (dotted-quad IPv4), not from
// src/core/sourceAddress.ts: a prefix is an address and a length 0–32 whose host bits are zero; a ⊆ b iff
// len(a) ≥ len(b) and the first len(b) bits agree; IPv6 is refused (the service does not take it).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkSourceAllowed, contains, IPV6_MESSAGE, parseSource } from "../../../src/core/sourceAddress";
import { fcOptions } from "./fcConfig";

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const quad = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const mask = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
const cidr = fc.tuple(u32, fc.integer({ min: 0, max: 32 })).map(([n, len]) => ({ net: (n & mask(len)) >>> 0, len }));
const text = (c: { net: number; len: number }) => `${quad(c.net)}/${c.len}`;

/** RFC 4632 §3.1: a ⊆ b iff a is at least as long and shares b's first len(b) bits. */
function inside(a: { net: number; len: number }, b: { net: number; len: number }): boolean {
  return a.len >= b.len && (a.net & mask(b.len)) >>> 0 === b.net;
}

test("every address/length with zero host bits is accepted, and names that prefix", () => {
  fc.assert(
    fc.property(cidr, (c) => {
      const parsed = parseSource(text(c));
      assert.ok(parsed.ok, text(c));
      const expected = c.len === 0 ? "0.0.0.0/0" : c.len === 32 ? quad(c.net) : text(c);
      assert.equal(parsed.source.text, expected);
    }),
    fcOptions(),
  );
});

test("a prefix with a host bit set, a length over 32 or a malformed length is refused", () => {
  const hostBits = fc
    .tuple(u32, fc.integer({ min: 0, max: 31 }))
    .filter(([n, len]) => (n & ~mask(len)) >>> 0 !== 0)
    .map(([n, len]) => `${quad(n)}/${len}`);
  const badLength = fc
    .tuple(
      u32,
      fc.oneof(
        fc.integer({ min: 33, max: 10_000 }).map(String),
        fc.constantFrom("", "-1", "+8", "08", "1e1", "8.0", " 8", "٣"),
      ),
    )
    .map(([n, bits]) => `${quad(n)}/${bits}`);
  fc.assert(
    fc.property(fc.oneof(hostBits, badLength), (value) => {
      assert.equal(parseSource(value).ok, false, value);
    }),
    fcOptions(),
  );
});

test("IPv6 addresses and prefixes are refused", () => {
  const v6 = fc.oneof(
    fc.ipV6(),
    fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, n]) => `${a}/${n}`),
    fc.ipV6().map((a) => `[${a}]`),
  );
  fc.assert(
    fc.property(v6, (value) => {
      assert.equal(parseSource(value).ok, false, value);
    }),
    fcOptions(),
  );
});

test("containment is RFC 4632's: a ⊆ b iff len(a) ≥ len(b) and the first len(b) bits agree", () => {
  // b is derived from a half of the time, so both outcomes are well represented.
  const pair = fc.oneof(
    fc.tuple(cidr, cidr),
    fc
      .tuple(cidr, fc.integer({ min: 0, max: 32 }))
      .map(([a, len]) => [a, { net: (a.net & mask(Math.min(len, a.len))) >>> 0, len: Math.min(len, a.len) }] as const),
  );
  fc.assert(
    fc.property(pair, ([a, b]) => {
      assert.equal(contains(text(b), text(a)), inside(a, b), `${text(a)} ⊆ ${text(b)}`);
    }),
    fcOptions(),
  );
});

test("a port limited to prefixes accepts exactly one of them (same prefix, /32 or not), never a narrower or wider one", () => {
  fc.assert(
    fc.property(
      fc.array(
        cidr.filter((c) => c.len > 0),
        { minLength: 1, maxLength: 4 },
      ),
      cidr,
      (allowed, requested) => {
        const allowedText = allowed.map(text);
        const refused = checkSourceAllowed(text(requested), allowedText);
        const same = allowed.some((a) => a.len === requested.len && a.net === requested.net);
        assert.equal(refused === undefined, same, `${text(requested)} for ${allowedText.join(", ")}`);
      },
    ),
    fcOptions(),
  );
});

// The edges of the 32-bit arithmetic: a /0 mask is all zeros (a shift by 32 is no shift in JavaScript), a /32 mask
// all ones, and 255.255.255.255 has every host bit set at every shorter length.
const edgeAddress = fc.oneof(u32, fc.constantFrom(0, 0xffffffff, 0x80000000, 0x7fffffff, 1));
const edgeLength = fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(0, 1, 31, 32));

test("a prefix with host bits set is refused naming its network, the address AND the mask (RFC 4632 §3.1)", () => {
  fc.assert(
    fc.property(edgeAddress, edgeLength, (n, len) => {
      const network = (n & mask(len)) >>> 0;
      const parsed = parseSource(`${quad(n)}/${len}`);
      if (network === n) assert.ok(parsed.ok, `${quad(n)}/${len}`);
      else {
        assert.ok(!parsed.ok, `${quad(n)}/${len}`);
        assert.ok(parsed.error.includes(`the network is ${quad(network)}/${len}.`), parsed.error);
      }
    }),
    fcOptions(),
  );
});

test("0.0.0.0/0 holds every address and prefix; a /32 holds only its own address", () => {
  fc.assert(
    fc.property(edgeAddress, edgeAddress, cidr, (n, m, c) => {
      assert.equal(contains("0.0.0.0/0", quad(n)), true, quad(n));
      assert.equal(contains("0.0.0.0/0", text(c)), true, text(c));
      assert.equal(contains(`${quad(n)}/32`, quad(n)), true, quad(n));
      assert.equal(contains(`${quad(n)}/32`, quad(m)), n === m, `${quad(m)} ⊆ ${quad(n)}/32`);
      assert.equal(contains(`${quad(n)}/32`, text(c)), c.len === 32 && c.net === n, `${text(c)} ⊆ ${quad(n)}/32`);
    }),
    fcOptions(),
  );
});

test("every RFC 4291 text form, with or without an RFC 4007 zone or brackets, gets the service's IPv6 words", () => {
  const zone = fc.option(fc.stringMatching(/^[0-9a-z]{1,8}$/), { nil: undefined });
  fc.assert(
    fc.property(fc.ipV6(), zone, fc.boolean(), (address, id, bracketed) => {
      const written = id === undefined ? address : `${address}%${id}`;
      const value = bracketed ? `[${written}]` : written;
      const parsed = parseSource(value);
      assert.ok(!parsed.ok && parsed.error === IPV6_MESSAGE, value);
    }),
    fcOptions(),
  );
});
