import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";

/** azureJit.showOutput — the log of every ARM call (method, path, status, duration, correlation id; no tokens). */
export function registerShowOutput(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.showOutput, () => log.show(true));
}
