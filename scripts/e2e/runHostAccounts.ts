// The in-host suite's accounts run: VS Code account mode with two Microsoft accounts. test/e2e/accounts-provider
// registers the Microsoft Sovereign Cloud provider id at start-up, before VS Code's own Microsoft sign-in would
// (code-server cannot disable a built-in extension from its command line): two accounts, emulator JWTs. That is the
// boundary VS Code gives an extension, so the extension runs unchanged. The runner clicks the account picks, in
// order, as the user would. VS Code's one-time "The extension … wants to sign in" consent per account is a modal
// that VS Code refuses to show while extension tests run ("DialogService: refused to show dialog in tests"), so
// the runner gives that consent beforehand the way VS Code keeps it: the account's allowed-extensions entry in the
// browser's application storage (see docs/azure-behaviour.md#restricted-mode). test/e2e/host/accounts.ts runs two
// passes with a window reload between them.
import type { Page } from "playwright-core";
import { runAsScript, runHostSuite } from "./runHost";

const PICK = /Microsoft account for Azure JIT Access/;
const EXTENSION = { id: "azure-jit-access.azure-jit-access", name: "Azure JIT Access" };

/**
 * What VS Code 1.139 stores when the user allows an extension an account (AuthenticationAccessService): key
 * `<providerId>-<account label>` in the application storage, which the web workbench keeps in IndexedDB
 * `vscode-web-state-db-global`, object store `ItemTable`.
 */
async function allowAccounts(page: Page, origin: string, labels: string[]): Promise<void> {
  await page.goto(`${origin}/healthz`);
  const entries = labels.map((label) => [
    `microsoft-sovereign-cloud-${label}`,
    JSON.stringify([{ ...EXTENSION, allowed: true }]),
  ]);
  await page.evaluate(
    (items) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("vscode-web-state-db-global");
        open.onupgradeneeded = () => open.result.createObjectStore("ItemTable");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("ItemTable", "readwrite");
          for (const [key, value] of items) tx.objectStore("ItemTable").put(value, key);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    entries,
  );
}

export function runHostAccountsSuite(): Promise<{ passed: number; failed: number }> {
  return runHostSuite({
    name: "host-accounts",
    entry: "accounts.js",
    testExtensions: ["accounts-provider"],
    stack: {
      network: false,
      settings: { "azureJit.authentication": "vscode" },
    },
    beforeOpen: (page, origin) => allowAccounts(page, origin, ["jit.user@contoso.com", "ops@fabrikam.com"]),
    answers: [
      { when: PICK, click: "ops@fabrikam.com" },
      { when: PICK, click: "jit.user@contoso.com" },
      { when: PICK, click: "ops@fabrikam.com" },
    ],
  });
}

if (require.main === module) runAsScript("host-accounts", runHostAccountsSuite);
