// azureJit.reRequest: repeats the last request for this VM and port (same source, duration, justification);
// quick defaults when none is remembered.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { portTargetFromArg, pickPort } from "../grants/portTarget";
import { requestPort } from "../grants/requestFlow";
import type { Services } from "../services";

export function registerReRequest(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.reRequest, async (arg?: unknown) => {
    const target = (await portTargetFromArg(services, arg)) ?? (arg === undefined ? await pickPort(services, vscode.l10n.t("Re-request Access")) : undefined);
    if (target) await requestPort(services, target, "repeat");
  });
}
