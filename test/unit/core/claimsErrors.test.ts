// The MFA mandate, CAE and authentication-context refusals map to the sign-in path; a real Azure Policy deny keeps
// its own reason (docs/azure-behaviour.md#claims-challenges).
import assert from "node:assert/strict";
import test from "node:test";
import { azLoginCommand, isMfaPolicyDenial } from "../../../src/core/claimsChallenge";
import { classifyError } from "../../../src/core/errors";

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");
const challenge = (claims: unknown) =>
  `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${b64(claims)}"`;

test("a 401 claims challenge is notSignedIn with the challenge, for every action", () => {
  for (const action of ["read", "request", "configure"] as const) {
    const e = classifyError(
      {
        statusCode: 401,
        code: "InvalidAuthenticationToken",
        wwwAuthenticate: challenge({ access_token: { acrs: { essential: true, value: "c1" } } }),
      },
      action,
    );
    assert.equal(e.kind, "notSignedIn");
    assert.deepEqual(e.claimsChallenge?.claims.authContexts, ["c1"]);
    assert.match(e.message, /authentication context c1/);
  }
});

test("a CAE revocation (nbf) says the sign-in is no longer accepted", () => {
  const e = classifyError(
    {
      statusCode: 401,
      wwwAuthenticate: challenge({ access_token: { nbf: { essential: true, value: "1700000000" } } }),
    },
    "read",
  );
  assert.equal(e.kind, "notSignedIn");
  assert.equal(e.claimsChallenge?.claims.revocation, true);
  assert.match(e.message, /no longer accepts/);
});

test("claims the SDK handed the credential (decoded JSON) become the same challenge", () => {
  const json = JSON.stringify({ access_token: { amr: { essential: true, values: ["mfa"] } } });
  const e = classifyError({ code: "ClaimsChallengeError", message: "x", claims: json }, "configure");
  assert.equal(e.kind, "notSignedIn");
  assert.equal(e.claimsChallenge?.claims.json, json);
  assert.equal(e.claimsChallenge?.claims.multifactor, true);
  assert.match(e.message, /multifactor/);
});

test("a 401 without a claims challenge stays a plain sign-in expiry", () => {
  const e = classifyError(
    { statusCode: 401, code: "ExpiredAuthenticationToken", wwwAuthenticate: 'Bearer error="invalid_token"' },
    "read",
  );
  assert.equal(e.kind, "notSignedIn");
  assert.equal(e.claimsChallenge, undefined);
});

test("a malformed claims value is not a challenge (and not trusted)", () => {
  const e = classifyError(
    { statusCode: 401, wwwAuthenticate: 'Bearer error="insufficient_claims", claims="!!not-base64!!"' },
    "read",
  );
  assert.equal(e.kind, "notSignedIn");
  assert.equal(e.claimsChallenge, undefined);
});

test("RequestDisallowedByPolicy 'MFA is required' is the sign-in path, not a policy to ask about", () => {
  const e = classifyError(
    {
      statusCode: 403,
      code: "RequestDisallowedByPolicy",
      message: "Resource was disallowed by policy. Reasons: MFA is required.",
    },
    "configure",
  );
  assert.equal(e.kind, "notSignedIn");
  assert.equal(e.deniedByAzurePolicy, undefined);
  assert.equal(e.claimsChallenge?.claims.multifactor, true);
  assert.match(e.message, /multifactor/);
});

test("a real Azure Policy deny keeps its reason", () => {
  const e = classifyError(
    {
      statusCode: 403,
      code: "RequestDisallowedByPolicy",
      message: "Resource 'vm1' was disallowed by policy. Policy identifiers: 'deny-public-ip'.",
    },
    "configure",
  );
  assert.equal(e.kind, "forbidden");
  assert.equal(e.deniedByAzurePolicy, true);
  assert.equal(e.claimsChallenge, undefined);
  assert.match(e.message, /deny-public-ip/);
  assert.equal(isMfaPolicyDenial("AuthorizationFailed", "MFA is required"), false, "only that code");
});

test("az login command: only a GUID tenant, a plain https scope and canonical base64 reach the command line", () => {
  const claims = b64({ access_token: { acrs: { essential: true, value: "c1" } } });
  assert.equal(
    azLoginCommand("72f988bf-86f1-41af-91ab-2d7cd011db47", "https://management.core.windows.net//.default", claims),
    `az login --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 --scope https://management.core.windows.net//.default --claims-challenge "${claims}"`,
  );
  assert.equal(azLoginCommand("x; rm -rf ~", "https://management.core.windows.net//.default", claims), undefined);
  assert.equal(azLoginCommand(undefined, "https://a.example/$(id)", claims), undefined);
  assert.equal(
    azLoginCommand(undefined, "https://management.core.windows.net//.default", `${claims}";id;"`),
    undefined,
  );
  assert.match(
    azLoginCommand(undefined, "https://management.core.windows.net//.default", claims) ?? "",
    /^az login --scope /,
  );
});
