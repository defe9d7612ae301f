import * as vscode from "vscode";
import { openOnce, WALKTHROUGH_ID } from "./firstRun";

/**
 * On the first activation in a profile, opens the getting-started walkthrough (contributes.walkthroughs). Not in
 * extension tests: the suites start from a fresh profile every run and drive their own editors.
 */
export function openWalkthroughOnFirstRun(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  if (context.extensionMode === vscode.ExtensionMode.Test) return;
  const id = `${context.extension.id}#${WALKTHROUGH_ID}`;
  openOnce(context.globalState, () =>
    vscode.commands.executeCommand("workbench.action.openWalkthrough", id, false),
  ).catch((e: unknown) =>
    log.warn(`Could not open the walkthrough ${id}: ${e instanceof Error ? e.message : String(e)}`),
  );
}
