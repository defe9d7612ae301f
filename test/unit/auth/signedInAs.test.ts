// Who "me" is in Azure CLI mode: the access token's user-name claims (RFC 7519 JWT, base64url payload, RFC 4648 §5),
// read without verification — they pick what to show, they grant nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { requestorFromToken, SignedInAs } from "../../../src/auth/signedInAs";

const jwt = (claims: unknown, header: unknown = { alg: "RS256", typ: "JWT" }): string =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".") + ".signature";

test("upn wins, then unique_name, then preferred_username", () => {
  assert.equal(
    requestorFromToken(jwt({ upn: "jit.user@contoso.com", unique_name: "x", preferred_username: "y" })),
    "jit.user@contoso.com",
  );
  assert.equal(
    requestorFromToken(jwt({ unique_name: "live.com#frank@outlook.com", preferred_username: "y" })),
    "live.com#frank@outlook.com",
  );
  assert.equal(requestorFromToken(jwt({ preferred_username: "carol@fabrikam.example" })), "carol@fabrikam.example");
});

test("a payload with bytes base64url spells with - and _ decodes (not plain base64)", () => {
  // "~~~" and "???" encode to characters 62/63, which base64url writes as - and _.
  const token = jwt({ upn: "a~~~b???@contoso.com" });
  assert.match(token.split(".")[1] ?? "", /[-_]/);
  assert.equal(requestorFromToken(token), "a~~~b???@contoso.com");
});

test("no name for anything that is not a JWT with a string claim: the caller then knows me by sources only", () => {
  for (const token of [
    "fake-cli-token",
    "",
    "a.b",
    "a.%%%.c",
    `x.${Buffer.from("null").toString("base64url")}.y`,
    `x.${Buffer.from("[1]").toString("base64url")}.y`,
  ]) {
    assert.equal(requestorFromToken(token), undefined, token);
  }
  assert.equal(requestorFromToken(jwt({ upn: 42, unique_name: { a: 1 }, preferred_username: "  " })), undefined);
  // A service principal's token names no user (appid/oid only): every service principal's requestor is "".
  assert.equal(requestorFromToken(jwt({ appid: "11111111-2222-3333-4444-555555555555", oid: "x" })), undefined);
});

test("the identity keeps the last name seen, ignores blanks, and is forgotten on start-over", () => {
  const me = new SignedInAs();
  assert.equal(me.get(), undefined);
  me.note("jit.user@contoso.com");
  me.note("  ");
  me.noteToken("fake-cli-token");
  assert.equal(me.get(), "jit.user@contoso.com");
  me.noteToken(jwt({ upn: "other@contoso.com" }));
  assert.equal(me.get(), "other@contoso.com");
  me.forget();
  assert.equal(me.get(), undefined);
});
