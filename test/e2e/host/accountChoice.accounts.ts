// Several Microsoft accounts in the real extension host (issue 14): VS Code holds two accounts of the Microsoft
// Sovereign Cloud provider (here the test provider test/e2e/accounts-provider: two accounts whose tokens are
// emulator JWTs with their own upn and tid; the extension runs unchanged). Choose Microsoft Account picks one
// (the runner clicks the row, as the user would; it gave VS Code's one-time consent per account beforehand,
// scripts/e2e/runHostAccounts.ts), and the tree's tenants and subscriptions follow it; switching back and forth
// works. accountChoice.reloaded.ts checks the choice after
// a window reload.
import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import type { TestApi } from "../../../src/extension";
import { emulatorJson, info } from "./helpers";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  CONTOSO,
  FABRIKAM,
  PROVIDER,
  ROOTS_A,
  ROOTS_B,
  provider,
  rootsBecome,
  testApi,
} from "./accountsShared";

suite("Several Microsoft accounts in the real extension host", () => {
  let api: TestApi;

  suiteSetup(async () => {
    // The emulator lists each account's own tenants (emulator/README.md, the `accounts` sign-in knob).
    await emulatorJson("/_emulator/auth", { accounts: { [ACCOUNT_A]: [CONTOSO, FABRIKAM], [ACCOUNT_B]: [FABRIKAM] } });
    api = await testApi();
  });

  test("VS Code account mode, and VS Code holds two Microsoft accounts of the provider", async () => {
    assert.equal(vscode.workspace.getConfiguration("azureJit").get("authentication"), "vscode");
    const accounts = await vscode.authentication.getAccounts(PROVIDER);
    assert.deepEqual(accounts.map((a) => a.label).sort(), [ACCOUNT_A, ACCOUNT_B]);
  });

  test("choosing account B: the tree lists B's tenant's subscriptions only", async () => {
    // The runner picks "ops@fabrikam.com" in the quick pick.
    await vscode.commands.executeCommand("azureJit.chooseAccount");
    assert.deepEqual(await rootsBecome(api, ROOTS_B), ROOTS_B);
  });

  test("switching to account A lists both of A's directories; back to B lists B's again", async () => {
    await vscode.commands.executeCommand("azureJit.chooseAccount");
    assert.deepEqual(await rootsBecome(api, ROOTS_A), ROOTS_A);
    await vscode.commands.executeCommand("azureJit.chooseAccount");
    assert.deepEqual(await rootsBecome(api, ROOTS_B), ROOTS_B);
  });

  test("what VS Code handed the provider: the chosen account with each tenant's scope, no token recorded", async () => {
    const { calls } = await provider();
    const withAccount = calls.filter((c) => c.method === "getSessions" && c.options?.account);
    assert.ok(
      withAccount.some((c) => c.options?.account === ACCOUNT_B && c.scopes?.includes(`VSCODE_TENANT:${FABRIKAM}`)),
      "a silent request for B's Fabrikam token",
    );
    assert.ok(!JSON.stringify(calls).includes("eyJ"), "no token in the record");
    for (const c of calls.slice(-6)) info(`${c.method} ${JSON.stringify(c.scopes)} ${JSON.stringify(c.options)}`);
  });
});
