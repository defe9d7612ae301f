// The home tenant's token serving that tenant asked for by id: only when its `tid` claim (RFC 7519 JWT, read
// without verification) names the tenant, for the same scopes, while fresh, and never for or after a claims
// challenge. Every other case asks the tenant's own credential, as before.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { HomeToken } from "../../../src/auth/homeToken";
import { tenantFromToken } from "../../../src/auth/signedInAs";
import { REFRESH_BEFORE_MS } from "../../../src/auth/tokenCache";

const SCOPE = "https://management.azure.com/.default";
const CONTOSO = "10000000-0000-4000-8000-000000000001";
const FABRIKAM = "20000000-0000-4000-8000-000000000002";

const jwt = (claims: unknown): string =>
  [{ alg: "RS256", typ: "JWT" }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString("base64url")).join(".") +
  ".signature";

/** A credential handing out `token` (valid an hour from the clock) and counting its calls. */
function source(clock: { now: number }, token: string) {
  const calls: Array<GetTokenOptions | undefined> = [];
  const credential: TokenCredential = {
    async getToken(_scopes, options): Promise<AccessToken> {
      calls.push(options);
      return { token, expiresOnTimestamp: clock.now + 3_600_000 };
    },
  };
  return { credential, calls };
}

function rig(homeClaims: unknown = { tid: CONTOSO.toUpperCase() }) {
  const clock = { now: 1_000_000 };
  const homeToken = new HomeToken(() => clock.now);
  const home = source(clock, jwt(homeClaims));
  const own = source(clock, "tenant-own-token");
  const lent: string[] = [];
  return {
    clock,
    home: homeToken.tap(home.credential),
    homeCalls: home.calls,
    tenant: (id: string) => homeToken.lend(own.credential, id, () => lent.push(id)),
    ownCalls: own.calls,
    lent,
  };
}

describe("the home tenant's token", () => {
  it("serves its own tenant by id (tid compared without case), and says so once", async () => {
    const r = rig();
    const homeToken = await r.home.getToken(SCOPE);
    const contoso = r.tenant(CONTOSO);
    assert.equal((await contoso.getToken(SCOPE))?.token, homeToken?.token);
    assert.equal((await contoso.getToken([SCOPE]))?.token, homeToken?.token);
    assert.equal(r.ownCalls.length, 0, "no second az process");
    assert.deepEqual(r.lent, [CONTOSO]);
  });

  it("not another tenant, not before the home token is known, not for other scopes", async () => {
    const r = rig();
    const contoso = r.tenant(CONTOSO);
    assert.equal((await contoso.getToken(SCOPE))?.token, "tenant-own-token", "nothing to lend yet");
    await r.home.getToken(SCOPE);
    assert.equal((await r.tenant(FABRIKAM).getToken(SCOPE))?.token, "tenant-own-token");
    assert.equal((await contoso.getToken("https://graph.microsoft.com/.default"))?.token, "tenant-own-token");
    assert.equal(r.ownCalls.length, 3);
  });

  it("not once it is about to expire: the tenant's own credential then", async () => {
    const r = rig();
    await r.home.getToken(SCOPE);
    r.clock.now += 3_600_000 - REFRESH_BEFORE_MS + 1;
    assert.equal((await r.tenant(CONTOSO).getToken(SCOPE))?.token, "tenant-own-token");
  });

  it("never for a claims challenge, and never again for that tenant after one", async () => {
    const r = rig();
    await r.home.getToken(SCOPE);
    const contoso = r.tenant(CONTOSO);
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString("base64");
    assert.equal((await contoso.getToken(SCOPE, { claims }))?.token, "tenant-own-token");
    assert.equal(
      (await contoso.getToken(SCOPE))?.token,
      "tenant-own-token",
      "the refused home token is not lent again",
    );
    assert.equal(r.ownCalls[0]?.claims, claims, "the challenge reached the tenant's own credential");
  });

  it("no tid, a tid that is not a GUID, or a token that is not a JWT: nothing is lent", async () => {
    for (const claims of [{ upn: "jit.user@contoso.com" }, { tid: "contoso" }, { tid: 42 }]) {
      const r = rig(claims);
      await r.home.getToken(SCOPE);
      assert.equal((await r.tenant(CONTOSO).getToken(SCOPE))?.token, "tenant-own-token", JSON.stringify(claims));
    }
    assert.equal(tenantFromToken("fake-cli-token"), undefined);
    assert.equal(tenantFromToken(jwt({ tid: CONTOSO.toUpperCase() })), CONTOSO);
  });
});
