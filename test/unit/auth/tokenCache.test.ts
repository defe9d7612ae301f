// The shared token cache: one token per tenant and scope for every client, asked for again shortly before it
// expires, never kept past a failure, and never used to answer a claims challenge.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { REFRESH_BEFORE_MS, shareTokens } from "../../../src/auth/tokenCache";

const SCOPE = "https://management.azure.com/.default";

/** A credential that counts its calls and hands out token-1, token-2, … valid for `lifeMs` from the clock. */
function counting(clock: { now: number }, lifeMs = 3_600_000) {
  const calls: Array<{ scopes: string[]; options?: GetTokenOptions }> = [];
  let fail: Error | undefined;
  const credential: TokenCredential = {
    async getToken(scopes, options): Promise<AccessToken> {
      calls.push({ scopes: [scopes].flat(), ...(options ? { options } : {}) });
      await new Promise((r) => setImmediate(r));
      if (fail) throw fail;
      return { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + lifeMs };
    },
  };
  return { credential, calls, failNext: (e: Error | undefined) => (fail = e) };
}

describe("shareTokens", () => {
  it("answers 50 clients asking at once with one request", async () => {
    const clock = { now: 1_000_000 };
    const inner = counting(clock);
    const shared = shareTokens(inner.credential, () => clock.now);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => shared.getToken(SCOPE)));
    assert.equal(inner.calls.length, 1);
    assert.ok(tokens.every((x) => x?.token === "token-1"));
    // And later callers too, while the token has life left.
    clock.now += 3_600_000 - REFRESH_BEFORE_MS - 1;
    assert.equal((await shared.getToken([SCOPE]))?.token, "token-1");
    assert.equal(inner.calls.length, 1);
  });

  it("asks again once the token is within the refresh window of its expiry", async () => {
    const clock = { now: 0 };
    const inner = counting(clock);
    const shared = shareTokens(inner.credential, () => clock.now);
    await shared.getToken(SCOPE);
    clock.now += 3_600_000 - REFRESH_BEFORE_MS;
    const next = await shared.getToken(SCOPE);
    assert.equal(next?.token, "token-2");
    assert.ok(
      next!.expiresOnTimestamp - clock.now > REFRESH_BEFORE_MS,
      "what is handed out has more than the window left",
    );
  });

  it("honours refreshAfterTimestamp", async () => {
    let n = 0;
    const shared = shareTokens(
      { getToken: async () => ({ token: `t${++n}`, expiresOnTimestamp: 10_000_000, refreshAfterTimestamp: 500 }) },
      () => 600,
    );
    await shared.getToken(SCOPE);
    assert.equal((await shared.getToken(SCOPE))?.token, "t2");
  });

  it("keeps one token per scope list and per tenant asked for", async () => {
    const clock = { now: 0 };
    const inner = counting(clock);
    const shared = shareTokens(inner.credential, () => clock.now);
    await shared.getToken(SCOPE);
    await shared.getToken("https://management.usgovcloudapi.net/.default");
    await shared.getToken(SCOPE, { tenantId: "10000000-0000-4000-8000-000000000001" });
    await shared.getToken(SCOPE);
    assert.equal(inner.calls.length, 3);
  });

  it("a claims challenge always gets a new token, which the others then share", async () => {
    const clock = { now: 0 };
    const inner = counting(clock);
    const shared = shareTokens(inner.credential, () => clock.now);
    await shared.getToken(SCOPE);
    const challenged = await shared.getToken(SCOPE, {
      claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
    });
    assert.equal(challenged?.token, "token-2");
    assert.equal(inner.calls[1]?.options?.claims !== undefined, true, "the claims reach the credential");
    assert.equal((await shared.getToken(SCOPE))?.token, "token-2");
  });

  it("does not remember a failure, nor the old token past it", async () => {
    const clock = { now: 0 };
    const inner = counting(clock, REFRESH_BEFORE_MS + 1000);
    const shared = shareTokens(inner.credential, () => clock.now);
    await shared.getToken(SCOPE);
    clock.now += 2000;
    inner.failNext(new Error("az login needed"));
    await assert.rejects(Promise.all([shared.getToken(SCOPE), shared.getToken(SCOPE)]), /az login needed/);
    assert.equal(inner.calls.length, 2, "the two callers shared the failing request");
    inner.failNext(undefined);
    assert.equal((await shared.getToken(SCOPE))?.token, "token-3");
  });
});
