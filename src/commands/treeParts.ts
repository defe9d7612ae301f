// What the sign-in and tree commands work on. The other UI parts get the narrower `Services` (src/services.ts).
import type * as vscode from "vscode";
import type { AzureAccounts } from "../auth/accounts";
import type { JitPolicyStore } from "../policies/store";

export interface TreeParts {
  readonly log: vscode.LogOutputChannel;
  readonly accounts: AzureAccounts;
  readonly store: JitPolicyStore;
  /** The "Not configured" VM listings (src/manage/unprotectedVms.ts): refresh and retry list again. */
  readonly unprotected?: { refresh(subscriptionId?: string): void };
}
