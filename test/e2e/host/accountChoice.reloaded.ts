// The accounts run after its window reload (accounts.ts): the account chosen before the reload (B) is still the
// one in use. Nothing is clicked in this pass: no pick, no consent.
import * as assert from "node:assert/strict";
import { suite, test } from "mocha";
import { ROOTS_B, provider, rootsBecome, testApi } from "./accountsShared";

suite("Several Microsoft accounts after a window reload", () => {
  test("the chosen account is remembered: the tree lists B's subscriptions again", async () => {
    const api = await testApi();
    assert.deepEqual(await rootsBecome(api, ROOTS_B), ROOTS_B);
    const { calls } = await provider();
    assert.ok(!calls.some((c) => c.method === "createSession"), "no new sign-in was needed after the reload");
  });
});
