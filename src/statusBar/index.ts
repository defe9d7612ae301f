import * as vscode from "vscode";
import { registerQuickRequest } from "../commands/quickRequest";
import { registerReRequest } from "../commands/reRequest";
import { registerShowGrants } from "./showGrants";
import type { JitRequest } from "../core/types";
import type { Services } from "../services";
import { GrantMemory, type SentRequest } from "../grants/grantMemory";
import { CountdownItem } from "./countdownItem";

export { GrantMemory };

/**
 * The countdown item plus the commands around grants: azureJit.showGrants, azureJit.quickRequest,
 * azureJit.reRequest. No network here: remembered grants' policies are refreshed a few seconds later.
 */
export function registerStatusBar(services: Services): vscode.Disposable & { readonly countdown: CountdownItem } {
  const countdown = new CountdownItem(services);
  const all = vscode.Disposable.from(countdown, registerShowGrants(services), registerQuickRequest(services), registerReRequest(services));
  return Object.assign(all, { countdown });
}

/** The request form's hook: `registerRequestForm(services, { onRequested: rememberFormRequest(services) })`. */
export function rememberFormRequest(services: Services): (request: SentRequest & { granted: JitRequest }) => Promise<void> {
  return (request) =>
    GrantMemory.forContext(services.context)
      .rememberRequested(request, request.granted)
      .catch((e: unknown) => services.log.error(`Could not remember the request: ${e instanceof Error ? e.message : String(e)}`));
}
