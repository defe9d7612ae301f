import * as vscode from "vscode";
import { registerQuickRequest } from "../commands/quickRequest";
import { registerReRequest } from "../commands/reRequest";
import { registerShowGrants } from "../commands/showGrants";
import type { Services } from "../services";
import { CountdownItem } from "./countdownItem";

/**
 * The countdown item plus the commands around grants: azureJit.showGrants, azureJit.quickRequest,
 * azureJit.reRequest. No network here: remembered grants' policies are refreshed a few seconds later.
 */
export function registerStatusBar(services: Services): vscode.Disposable {
  return vscode.Disposable.from(new CountdownItem(services), registerShowGrants(services), registerQuickRequest(services), registerReRequest(services));
}

export { GrantMemory } from "../grants/grantMemory";
