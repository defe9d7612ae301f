import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { toJitError } from "../azure/errors";
import type { ErrorNode } from "../tree/nodes";
import { directoryName } from "../tree/nodePresentation";
import type { TreeParts } from "./treeParts";
import { plainText } from "../core/inertText";

/**
 * azureJit.signIn — from the welcome view, or from an error item: a subscription's "not signed in" (then for its
 * tenant), or a directory that refused its token (then for that directory).
 */
export function registerSignIn(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.signIn, async (node?: ErrorNode) => {
    const error = node?.kind === "error" ? node : undefined;
    const tenantId = error?.tenant?.tenantId ?? error?.subscription?.tenantId;
    try {
      await parts.accounts.signIn(tenantId, error?.tenant ? { directoryName: directoryName(error.tenant) } : {});
    } catch (e) {
      const failure = toJitError(e, "read");
      parts.log.warn(`Sign-in failed: ${failure.message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t("Sign-in to Azure did not complete: {0}", plainText(failure.message)));
    }
  });
}
