// The emulator's sign-in knobs (emulator/auth.ts): the MFA mandate for writes and, separately, initiate; CAE
// revocation of the current token; an authentication context on one policy; the Azure Policy variant; expiry.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { mintTestToken } from "../../../emulator/auth";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";
import { findClaimsChallenge } from "../../../src/core/claimsChallenge";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const Q = "?api-version=2020-01-01";
const WEB = `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const VM = `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("emulator sign-in knobs", () => {
  let emu: RunningEmulator;
  const control = (method: string, path: string, body?: unknown) =>
    call(emu, method, `/_emulator/${path}`, { body, auth: null });
  const plain = `Bearer ${mintTestToken({ upn: "jit.user@contoso.com", amr: ["pwd"] })}`;
  const mfa = `Bearer ${mintTestToken({ upn: "jit.user@contoso.com", amr: ["pwd", "mfa"] })}`;
  const put = async (auth: string) => {
    const policy = (await call(emu, "GET", WEB + Q, { auth })).json as Json;
    return call(emu, "PUT", WEB + Q, {
      auth,
      body: { kind: policy.kind, properties: { virtualMachines: policy.properties.virtualMachines } },
    });
  };
  const initiate = (auth: string) =>
    call(emu, "POST", `${WEB}/initiate${Q}`, {
      auth,
      body: { virtualMachines: [{ id: VM, ports: [{ number: 22, duration: "PT1H" }] }] },
    });

  before(async () => {
    emu = await startEmulator({ port: 0, auth: { mfaForWrites: true } });
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control("POST", "reset");
  });

  it("start option mfaForWrites: a PUT without mfa gets ARM's claims challenge; reads, initiate and an mfa token pass", async () => {
    const refused = await put(plain);
    assert.equal(refused.status, 401);
    const challenge = findClaimsChallenge(String(refused.headers["www-authenticate"]));
    assert.ok(challenge, String(refused.headers["www-authenticate"]));
    assert.equal(challenge.claims.multifactor, true);
    assert.equal(challenge.authorizationUri, "https://login.microsoftonline.com/common/oauth2/authorize");
    assert.equal((refused.json as Json).error.code, "InvalidAuthenticationToken");
    assert.equal((await call(emu, "GET", WEB + Q, { auth: plain })).status, 200);
    assert.equal((await initiate(plain)).status, 202, "initiate has its own knob");
    assert.equal((await put(mfa)).status, 200);
    assert.equal((await call(emu, "DELETE", WEB + Q, { auth: plain })).status, 401);
  });

  it("a refused write changes nothing (it did not execute)", async () => {
    assert.equal((await call(emu, "DELETE", WEB + Q, { auth: plain })).status, 401);
    assert.equal((await call(emu, "GET", WEB + Q, { auth: plain })).status, 200, "the policy is still there");
  });

  it("control: mfaForInitiate and the Azure Policy variant", async () => {
    const set = await control("POST", "auth", { mfaForInitiate: true, mfaForWrites: false, policyVariant: true });
    assert.equal(set.status, 200);
    assert.deepEqual(((await control("GET", "auth")).json as Json).mfaForInitiate, true);
    const refused = await initiate(plain);
    assert.equal(refused.status, 403);
    assert.equal((refused.json as Json).error.code, "RequestDisallowedByPolicy");
    assert.match((refused.json as Json).error.message, /MFA is required/);
    assert.equal((await initiate(mfa)).status, 202);
    assert.equal((await put(plain)).status, 200, "writes knob off");
    assert.equal((await control("POST", "auth", { mfaForInitiate: "yes" })).status, 400);
  });

  it("control: revoke the current token (CAE): its next call, a read, gets the nbf challenge; a new token passes", async () => {
    await control("POST", "auth", { mfaForWrites: false });
    assert.equal((await control("POST", "auth/revoke", {})).status, 400, "no token seen yet");
    assert.equal((await call(emu, "GET", WEB + Q, { auth: plain })).status, 200);
    assert.equal((await control("POST", "auth/revoke", {})).status, 200);
    const refused = await call(emu, "GET", WEB + Q, { auth: plain });
    assert.equal(refused.status, 401);
    const challenge = findClaimsChallenge(String(refused.headers["www-authenticate"]));
    assert.equal(challenge?.claims.revocation, true);
    assert.equal((await call(emu, "GET", WEB + Q, { auth: `Bearer ${mintTestToken({ amr: ["pwd"] })}` })).status, 200);
  });

  it("control: an authentication context on one policy: its writes and initiate need acrs, other policies do not", async () => {
    await control("POST", "auth", { mfaForWrites: false, authContext: { policy: "DEFAULT", id: "c1" } });
    const refused = await initiate(plain);
    assert.equal(refused.status, 401);
    assert.deepEqual(findClaimsChallenge(String(refused.headers["www-authenticate"]))?.claims.authContexts, ["c1"]);
    assert.equal((await call(emu, "GET", WEB + Q, { auth: plain })).status, 200, "reads are not protected");
    assert.equal((await initiate(`Bearer ${mintTestToken({ acrs: ["c1"] })}`)).status, 202);
    assert.equal((await control("POST", "auth", { authContext: { policy: "default", id: "p1" } })).status, 400);
    await control("POST", "auth", { authContext: null });
    assert.equal((await initiate(plain)).status, 202);
  });

  it("an expired JWT is ExpiredAuthenticationToken with an invalid_token challenge (no claims)", async () => {
    const expired = await call(emu, "GET", WEB + Q, { auth: `Bearer ${mintTestToken({ expSeconds: -60 })}` });
    assert.equal(expired.status, 401);
    assert.equal((expired.json as Json).error.code, "ExpiredAuthenticationToken");
    assert.equal(findClaimsChallenge(String(expired.headers["www-authenticate"])), undefined);
  });

  it("reset returns to the start options and forgets revocations", async () => {
    await control("POST", "auth", { mfaForWrites: false });
    await call(emu, "GET", WEB + Q, { auth: plain });
    await control("POST", "auth/revoke", {});
    await control("POST", "reset");
    assert.equal(((await control("GET", "auth")).json as Json).mfaForWrites, true);
    assert.equal((await call(emu, "GET", WEB + Q, { auth: plain })).status, 200);
  });
});
