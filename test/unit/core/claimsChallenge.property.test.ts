// Properties of the WWW-Authenticate parser from RFC 9110 (§11.6.1 challenge grammar, §11.2 auth-param, §5.6.2
// token, §5.6.4 quoted-string and quoted-pair, §5.6.1 lists with empty elements and OWS, §11.1 case-insensitive
// scheme and parameter names) and of the claims decoder from RFC 4648 (§4 base64, §5 base64url, §3.2 padding,
// §3.5 canonical encoding).
import assert from "node:assert/strict";
import test from "node:test";
import fc from "fast-check";
import {
  decodeBase64,
  encodeBase64,
  findClaimsChallenge,
  formatWwwAuthenticate,
  parseWwwAuthenticate,
  readClaims,
} from "../../../src/core/claimsChallenge";
import { fcOptions } from "./fcConfig";

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
const TOKEN68_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/".split("");
const token = fc.array(fc.constantFrom(...TCHARS), { minLength: 1, maxLength: 12 }).map((a) => a.join(""));
// qdtext and quoted-pair characters: HTAB, SP, VCHAR (and obs-text, %x80-FF)
const qchar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.constant("\t"),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
);
const value = fc.array(qchar, { maxLength: 20 }).map((a) => a.join(""));
const ows = fc.constantFrom("", " ", "  ", "\t", " \t");
const token68 = fc
  .tuple(fc.array(fc.constantFrom(...TOKEN68_CHARS), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 2 }))
  .map(([a, pad]) => a.join("") + "=".repeat(pad));

interface Gen {
  scheme: string;
  params: Array<[string, string]>;
  token68?: string;
}
const challenge: fc.Arbitrary<Gen> = fc.oneof(
  fc.record({
    scheme: token,
    params: fc.uniqueArray(fc.tuple(token, value), { maxLength: 5, selector: ([k]) => k.toLowerCase() }),
  }),
  fc.record({ scheme: token, params: fc.constant([] as Array<[string, string]>), token68 }),
);

function quote(v: string): string {
  return `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
const isToken = (v: string) => v !== "" && [...v].every((c) => TCHARS.includes(c));

/** Serializes with the freedom RFC 9110 allows a sender: OWS and BWS, token or quoted-string, empty list elements. */
const serialized = fc.array(challenge, { minLength: 1, maxLength: 4 }).chain((challenges) =>
  fc
    .array(fc.tuple(ows, ows, ows, fc.boolean(), fc.boolean(), fc.boolean()), {
      minLength: 64,
      maxLength: 64,
    })
    .map((choices) => {
      let n = 0;
      const pick = () => choices[n++ % choices.length]!;
      const parts = challenges.map((c) => {
        if (c.token68 !== undefined) return `${c.scheme} ${c.token68}`;
        if (!c.params.length) return c.scheme;
        const ps = c.params.map(([k, v]) => {
          const [b1, b2, , asToken, upper] = pick();
          const name = upper ? k.toUpperCase() : k;
          return `${name}${b1}=${b2}${asToken && isToken(v) ? v : quote(v)}`;
        });
        return `${c.scheme} ${ps.join(pick()[2] + "," + pick()[0])}`;
      });
      const [lead, , trail, empty] = pick();
      return { challenges, text: `${lead}${empty ? ", " : ""}${parts.join(`${trail},${empty ? " ," : ""} `)}${trail}` };
    }),
);

test("RFC 9110: every serialization of a list of challenges parses back to the same challenges", () => {
  fc.assert(
    fc.property(serialized, ({ challenges, text }) => {
      const parsed = parseWwwAuthenticate(text);
      assert.ok(parsed.ok, `${text}: ${parsed.ok ? "" : parsed.error}`);
      assert.equal(parsed.challenges.length, challenges.length, text);
      challenges.forEach((c, i) => {
        const got = parsed.challenges[i]!;
        assert.equal(got.scheme, c.scheme);
        assert.equal(got.token68, c.token68);
        assert.deepEqual(got.params, Object.fromEntries(c.params.map(([k, v]) => [k.toLowerCase(), v])));
      });
    }),
    fcOptions(),
  );
});

test("RFC 9110: formatting then parsing is the identity on parsed challenges", () => {
  fc.assert(
    fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (gens) => {
      const challenges = gens.map((g) => ({
        scheme: g.scheme,
        params: Object.fromEntries(g.params.map(([k, v]) => [k.toLowerCase(), v])),
        ...(g.token68 !== undefined ? { token68: g.token68 } : {}),
      }));
      const parsed = parseWwwAuthenticate(formatWwwAuthenticate(challenges));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.challenges, challenges);
    }),
    fcOptions(),
  );
});

test("RFC 9110 §5.6.4: a quoted-pair stands for the character after the backslash", () => {
  fc.assert(
    fc.property(fc.array(qchar, { maxLength: 20 }), (chars) => {
      const escaped = chars.map((c) => `\\${c}`).join("");
      const parsed = parseWwwAuthenticate(`Bearer claims="${escaped}"`);
      assert.ok(parsed.ok);
      assert.equal(parsed.challenges[0]!.params.claims, chars.join(""));
    }),
    fcOptions(),
  );
});

test("any input: the parser answers (ok or a located error) and never throws", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 80 })), (text) => {
      const parsed = parseWwwAuthenticate(text);
      if (!parsed.ok) assert.match(parsed.error, /^WWW-Authenticate: /);
      else assert.ok(parsed.challenges.length > 0);
    }),
    fcOptions(),
  );
});

test("RFC 9110 §5.6.4: an unterminated quoted-string, a lone backslash or a control character is refused", () => {
  for (const bad of [
    'Bearer a="x',
    'Bearer a="x\\',
    'Bearer a="\u0001"',
    'Bearer a="x" b',
    '"Bearer"',
    "Bearer a=b c=d",
  ]) {
    assert.equal(parseWwwAuthenticate(bad).ok, false, bad);
  }
  // …while `a=` is a token68 (§11.6.1: 1*token68-char *"="), not an auth-param with an empty value
  assert.deepEqual(parseWwwAuthenticate("Bearer a="), {
    ok: true,
    challenges: [{ scheme: "Bearer", params: {}, token68: "a=" }],
  });
});

test("RFC 4648 §4/§5: base64 and base64url of any bytes decode to those bytes; canonical encodings only", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), fc.boolean(), (bytes, url, strip) => {
      let text = encodeBase64(bytes);
      assert.equal(text, Buffer.from(bytes).toString("base64"), "encoder is RFC 4648 §4");
      if (url) text = text.replace(/\+/g, "-").replace(/\//g, "_");
      if (strip) text = text.replace(/=+$/, "");
      assert.deepEqual(decodeBase64(text), bytes);
    }),
    fcOptions(),
  );
});

test("RFC 4648 §3.5: an encoding with non-zero pad bits, misplaced padding or a foreign character is refused", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((b) => b.length % 3 !== 0),
      (bytes) => {
        const text = encodeBase64(bytes);
        const body = text.replace(/=+$/, "");
        const last = body[body.length - 1]!;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const flipped = alphabet[alphabet.indexOf(last) ^ 1]!; // sets or clears the lowest bit: a pad bit
        assert.equal(decodeBase64(body.slice(0, -1) + flipped + text.slice(body.length)), undefined);
        assert.equal(decodeBase64(`=${text}`), undefined);
        assert.equal(decodeBase64(`${text.slice(0, 1)}*${text.slice(1)}`), undefined);
      },
    ),
    fcOptions(),
  );
});

test("a Bearer insufficient_claims challenge with any JSON claims request is found and decoded", () => {
  const claimsObject = fc.record({
    access_token: fc.record({
      acrs: fc.record({ essential: fc.constant(true), value: fc.stringMatching(/^c[0-9]{1,2}$/) }),
    }),
  });
  fc.assert(
    fc.property(claimsObject, fc.constantFrom("Bearer", "bearer", "BEARER"), (claims, scheme) => {
      const json = JSON.stringify(claims);
      const b64 = Buffer.from(json, "utf8").toString("base64");
      const header = `${scheme} realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${b64}"`;
      const found = findClaimsChallenge(header);
      assert.ok(found);
      assert.equal(found.claims.json, json);
      assert.equal(found.claims.base64, b64);
      assert.deepEqual(found.claims.authContexts, [claims.access_token.acrs.value]);
      assert.equal(found.authorizationUri, "https://login.microsoftonline.com/common/oauth2/authorize");
      assert.equal(
        findClaimsChallenge(found.wwwAuthenticate)?.claims.json,
        json,
        "the re-formatted challenge carries the same claims",
      );
    }),
    fcOptions(),
  );
});

test("claims that are not base64 of a JSON object are no challenge", () => {
  assert.equal(readClaims(Buffer.from("[1]").toString("base64")), undefined);
  assert.equal(readClaims(Buffer.from("not json").toString("base64")), undefined);
  assert.equal(readClaims("%%%"), undefined);
  assert.equal(
    findClaimsChallenge('Bearer error="invalid_token", claims="e30="'),
    undefined,
    "error must be insufficient_claims",
  );
  assert.equal(
    findClaimsChallenge('Basic error="insufficient_claims", claims="e30="'),
    undefined,
    "scheme must be Bearer",
  );
  assert.ok(
    findClaimsChallenge('Basic realm="x", Bearer error="insufficient_claims", claims="e30="'),
    "second challenge in a list",
  );
});
