import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { ErrorNode } from "../tree/nodes";
import { VIEW_ID } from "../tree/treeProvider";
import type { TreeParts } from "./treeParts";

/** azureJit.retry — on a subscription's error item: load that subscription again; on the root error: everything. */
export function registerRetry(parts: TreeParts): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.retry, (node?: ErrorNode) => {
    // A failed VM listing ("Not configured") is not cached: dropping the subscription's listing lists it again.
    if (node?.kind === "error" && node.source === "vmListing" && node.subscription && parts.unprotected) {
      parts.unprotected.refresh(node.subscription.subscriptionId);
      return;
    }
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
      node?.kind === "error" && node.subscription ? parts.store.reloadSubscription(node.subscription) : parts.store.reloadAll(),
    );
  });
}
