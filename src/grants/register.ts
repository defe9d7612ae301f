// The grants part's commands: azureJit.quickRequest (one click on a port, quick defaults) and azureJit.reRequest
// (the last request for this VM and port: same source, duration, justification; quick defaults when none is
// remembered). Both send through the grant tracker's one request function (requestFlow.ts → Services.grants).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { Services } from "../services";
import { pickPort, portTargetFromArg } from "./portTarget";
import { requestPort, type RequestMode } from "./requestFlow";

async function requestFromArg(services: Services, arg: unknown, title: string, mode: RequestMode): Promise<void> {
  const target = (await portTargetFromArg(services, arg)) ?? (arg === undefined ? await pickPort(services, title) : undefined);
  if (target) await requestPort(services, target, mode);
}

export function registerGrants(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.quickRequest, (arg?: unknown) => requestFromArg(services, arg, vscode.l10n.t("Quick Request Access"), "quick")),
    vscode.commands.registerCommand(COMMAND.reRequest, (arg?: unknown) => requestFromArg(services, arg, vscode.l10n.t("Re-request Access"), "repeat")),
  );
}
