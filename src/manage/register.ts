// Wires the policy-management commands. The "Not configured" VM source is shared with the tree, which renders it.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { Services } from "../services";
import { deletePolicyCommand } from "./deleteCommand";
import { disableJit } from "./disableCommand";
import { editPolicy } from "./editCommand";
import { enableJit } from "./enableCommand";
import type { UnprotectedVmSource } from "./unprotectedVms";

export function registerManage(services: Services, unprotected?: UnprotectedVmSource): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.enableJit, (clicked?: unknown, selection?: unknown) =>
      enableJit(services, unprotected, clicked, selection),
    ),
    vscode.commands.registerCommand(COMMAND.editPolicy, (clicked?: unknown) => editPolicy(services, clicked)),
    vscode.commands.registerCommand(COMMAND.disableJit, (clicked?: unknown, selection?: unknown) =>
      disableJit(services, clicked, selection),
    ),
    vscode.commands.registerCommand(COMMAND.deletePolicy, (clicked?: unknown) =>
      deletePolicyCommand(services, clicked),
    ),
  );
}
