// What both passes of the accounts run share: the two accounts of the test provider (test/e2e/accounts-provider)
// and what the tree shows for each, from the emulator's demo scenario.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { TestApi } from "../../../src/extension";
import { extension, itemLabel, treeItems } from "./helpers";

export const PROVIDER = "microsoft-sovereign-cloud";
export const ACCOUNT_A = "jit.user@contoso.com";
export const ACCOUNT_B = "ops@fabrikam.com";
export const CONTOSO = "10000000-0000-4000-8000-000000000001";
export const FABRIKAM = "20000000-0000-4000-8000-000000000002";
/** The tree's subscriptions for each account: A is in both directories, B only in Fabrikam's. */
export const ROOTS_A = ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"];
export const ROOTS_B = ["Fabrikam Engineering"];

export interface ProviderRecord {
  calls: Array<{ method: string; scopes: string[] | null; options: Record<string, unknown> | null }>;
}

export async function testApi(): Promise<TestApi> {
  const api = (await extension().activate()) as TestApi | undefined;
  assert.ok(api?.tree, "activate() returned no test API (it does so only in ExtensionMode.Test)");
  return api;
}

export async function provider(): Promise<ProviderRecord> {
  const ext = vscode.extensions.getExtension<ProviderRecord>("azure-jit-e2e.accounts-provider");
  assert.ok(ext, "the two-accounts provider is not installed");
  return ext.activate();
}

/** The tree's root labels once they are subscriptions (the view reloads after a sign-in or an account change). */
export async function rootsBecome(api: TestApi, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const last = (await treeItems(api.tree)).map(({ item }) => itemLabel(item));
    if (JSON.stringify(last) === JSON.stringify(expected)) return last;
    if (Date.now() > deadline) assert.deepEqual(last, expected, "the tree's roots");
    await new Promise((r) => setTimeout(r, 250));
  }
}
