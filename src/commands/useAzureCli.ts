import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";

/** azureJit.useAzureCli — the welcome view's alternative: take tokens from `az` instead of the VS Code account. */
export function registerUseAzureCli(): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.useAzureCli, async () => {
    // Accounts listens to this setting and starts over, so the view reloads by itself.
    await vscode.workspace
      .getConfiguration("azureJit")
      .update("authentication", "azureCli", vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Azure JIT Access now uses the Azure CLI's sign-in. If the CLI is not signed in, run \"az login\" in a terminal."),
    );
  });
}
