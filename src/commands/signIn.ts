import * as vscode from "vscode";
import { toJitError } from "../azure/errors";
import type { ErrorNode } from "../tree/nodes";
import type { TreeParts } from "./treeParts";

/** azureJit.signIn — from the welcome view, or from a "not signed in" error item (then for that item's tenant). */
export function registerSignIn(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand("azureJit.signIn", async (node?: ErrorNode) => {
    try {
      await parts.accounts.signIn(node?.kind === "error" ? node.subscription?.tenantId : undefined);
    } catch (e) {
      const error = toJitError(e, "read");
      parts.log.warn(`Sign-in failed: ${error.message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t("Sign-in to Azure did not complete: {0}", error.message));
    }
  });
}
