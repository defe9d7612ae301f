// The credential scrubber. Shapes from the standards: RFC 6750 §2.1 (b64token after "Bearer", scheme name
// case-insensitive per RFC 9110 §11.1), RFC 7519 §3 (JWT = three base64url parts, header '{"…' → "eyJ"),
// RFC 6749 §5.1 (access_token / refresh_token in form and JSON bodies).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { redact, REDACTED } from "../../../src/core/redact";
import { fcOptions } from "./fcConfig";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64TOKEN = B64URL + ".~+/";
const b64url = (min: number) => fc.string({ unit: fc.constantFrom(...B64URL), minLength: min, maxLength: 40 });
const jwt = fc.tuple(b64url(1), b64url(1), b64url(0)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
const opaqueToken = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...B64TOKEN), minLength: 8, maxLength: 60 }),
    fc.string({ unit: fc.constant("="), maxLength: 2 }),
  )
  .map(([body, pad]) => body + pad);
const scheme = fc.constantFrom("Bearer", "bearer", "BEARER", "BeArEr");
// Any text at all, including unicode, quotes, line breaks and token characters glued to the secret.
const anyText = fc.string({ unit: "binary", maxLength: 60 });

test("a JWT embedded anywhere in any text never survives", () => {
  fc.assert(
    fc.property(anyText, jwt, anyText, (before, token, after) => {
      const out = redact(before + token + after);
      assert.ok(!out.includes(token), out);
    }),
    fcOptions(),
  );
});

test("a bearer credential (opaque or JWT) after the Bearer scheme never survives", () => {
  fc.assert(
    fc.property(
      anyText,
      scheme,
      fc.constantFrom(" ", "  ", "\t"),
      fc.oneof(opaqueToken, jwt),
      anyText,
      (before, s, space, token, after) => {
        // The token ends where the b64token grammar ends: what follows must not extend it.
        fc.pre(after === "" || !/^[A-Za-z0-9\-._~+/=%]/.test(after));
        const out = redact(`${before}${s}${space}${token}${after}`);
        assert.ok(!out.includes(token), out);
      },
    ),
    fcOptions(),
  );
});

test("an OAuth credential value in a form body, a query or JSON never survives", () => {
  const key = fc.constantFrom("access_token", "refresh_token", "id_token", "ACCESS_TOKEN");
  const form = fc.tuple(key, opaqueToken).map(([k, v]) => ({ text: `${k}=${v}`, secret: v }));
  const json = fc.tuple(key, opaqueToken).map(([k, v]) => ({ text: `{"${k}": "${v}"}`, secret: v }));
  fc.assert(
    fc.property(
      anyText,
      fc.oneof(form, json),
      fc.constantFrom("", "&x=1", '"', " "),
      (before, { text, secret }, after) => {
        const out = redact(before + text + after);
        assert.ok(!out.includes(secret), out);
      },
    ),
    fcOptions(),
  );
});

test("text with no credential shape is returned unchanged", () => {
  // No "eyJ", no "bearer", no OAuth credential key: nothing to scrub, so nothing may change.
  const clean = anyText.filter((s) => {
    const lower = s.toLowerCase();
    return (
      !s.includes("eyJ") &&
      !lower.includes("bearer") &&
      !/access_token|refresh_token|id_token|client_secret|client_assertion/.test(lower)
    );
  });
  fc.assert(
    fc.property(clean, (s) => {
      assert.equal(redact(s), s);
    }),
    fcOptions(),
  );
});

test("redaction is idempotent and keeps the words around the secret", () => {
  fc.assert(
    fc.property(jwt, (token) => {
      const once = redact(`Authorization: Bearer ${token} was rejected`);
      assert.equal(once, `Authorization: Bearer ${REDACTED} was rejected`);
      assert.equal(redact(once), once);
    }),
    fcOptions(),
  );
});

test("the echo of an Authorization header in an ARM-style error body is scrubbed", () => {
  const body = '{"error":{"code":"Bad","message":"header Authorization: Bearer fake-token-for-tests not valid"}}';
  assert.equal(redact(body), `{"error":{"code":"Bad","message":"header Authorization: Bearer ${REDACTED} not valid"}}`);
});

test("long runs of near-misses are scanned in one pass (no backtracking blow-up)", () => {
  const hostile = "eyJ".repeat(200_000) + "bearer ".repeat(50_000) + "access_token".repeat(50_000);
  const out = redact(hostile);
  assert.ok(out.length > 0);
});
