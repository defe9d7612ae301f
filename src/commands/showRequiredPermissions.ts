import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { requiredPermissions } from "../core/errors";
import type { ErrorNode } from "../tree/nodes";

/** azureJit.showRequiredPermissions — what to ask an administrator for, with a copy button. */
export function registerShowRequiredPermissions(): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.showRequiredPermissions, async (node?: ErrorNode) => {
    const permissions = node?.kind === "error" && node.error.permissions?.length ? node.error.permissions : requiredPermissions("read");
    const where = node?.kind === "error" && node.subscription ? node.subscription.displayName : undefined;
    const copy = vscode.l10n.t("Copy to Clipboard");
    const choice = await vscode.window.showInformationMessage(
      where
        ? vscode.l10n.t("Reading JIT policies in \"{0}\" needs these permissions:", where)
        : vscode.l10n.t("Reading JIT policies needs these permissions:"),
      { modal: true, detail: permissions.join("\n") },
      copy,
    );
    if (choice === copy) await vscode.env.clipboard.writeText(permissions.join("\n"));
  });
}
