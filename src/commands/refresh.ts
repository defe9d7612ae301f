import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { VIEW_ID } from "../tree/treeProvider";
import type { TreeParts } from "./treeParts";

/** azureJit.refresh — subscriptions and policies again; the tree re-renders only what changed. */
export function registerRefresh(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.refresh, () => {
    parts.unprotected?.refresh();
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => parts.store.reloadAll());
  });
}
