// The shared token cache's timing line (the output channel's "Token: … in N ms", part of the first paint's
// breakdown): one figure per token the credential handed out, measured on the cache's clock; none for an answer
// from the cache, a failure or a credential without a token. The figure is a number: no token reaches the log.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { shareTokens } from "../../../src/auth/tokenCache";

const SCOPE = "https://management.azure.com/.default";

it("reports how long each fetched token took, and nothing for cached answers, failures or no token", async () => {
  const clock = { now: 5_000 };
  const answers: Array<"token" | "fail" | "none"> = ["token", "fail", "none", "token"];
  const credential: TokenCredential = {
    async getToken(): Promise<AccessToken | null> {
      clock.now += 250; // the credential's own time (an `az` process, a VS Code session)
      const answer = answers.shift();
      if (answer === "fail") throw new Error("az failed");
      if (answer === "none") return null;
      return { token: "secret-token", expiresOnTimestamp: clock.now + 3_600_000 };
    },
  };
  const heard: unknown[] = [];
  const shared = shareTokens(
    credential,
    () => clock.now,
    (ms) => heard.push(ms),
  );

  await Promise.all([shared.getToken(SCOPE), shared.getToken(SCOPE)]);
  assert.deepEqual(heard, [250]);
  await shared.getToken(SCOPE); // from the cache
  assert.deepEqual(heard, [250]);

  await assert.rejects(shared.getToken(SCOPE, { claims: "c1" }), /az failed/);
  assert.equal(await shared.getToken(SCOPE, { claims: "c2" }), null);
  assert.deepEqual(heard, [250]);

  await shared.getToken(SCOPE, { tenantId: "other" });
  assert.deepEqual(heard, [250, 250]);
  assert.ok(heard.every((x) => typeof x === "number"));
});
