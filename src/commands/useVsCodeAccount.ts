import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";

/** azureJit.useVsCodeAccount — back from the Azure CLI to the Microsoft account signed in to VS Code (the default). */
export function registerUseVsCodeAccount(): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.useVsCodeAccount, async () => {
    // Accounts listens to this setting and starts over: the view shows the tree, or Sign in when there is no session.
    await vscode.workspace.getConfiguration("azureJit").update("authentication", "vscode", vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(vscode.l10n.t("Azure JIT Access now uses the Microsoft account signed in to VS Code."));
  });
}
