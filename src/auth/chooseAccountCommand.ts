import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { plainText } from "../core/inertText";
import type { AzureAccounts } from "./accounts";

/** azureJit.chooseAccount — which of VS Code's Microsoft accounts to use; tenants and subscriptions follow. */
export function registerChooseAccount(accounts: AzureAccounts, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.chooseAccount, async () => {
    try {
      await accounts.chooseAccount();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.warn(`Choosing an account failed: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t("Could not switch the Microsoft account: {0}", plainText(message)));
    }
  });
}
