// azureJit.quickRequest: one click on a port, no form (quick defaults; see grants/requestFlow).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { portTargetFromArg, pickPort } from "../grants/portTarget";
import { requestPort } from "../grants/requestFlow";
import type { Services } from "../services";

export function registerQuickRequest(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.quickRequest, async (arg?: unknown) => {
    const target = (await portTargetFromArg(services, arg)) ?? (arg === undefined ? await pickPort(services, vscode.l10n.t("Quick Request Access")) : undefined);
    if (target) await requestPort(services, target, "quick");
  });
}
