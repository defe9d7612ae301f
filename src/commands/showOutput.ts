import * as vscode from "vscode";

/** azureJit.showOutput — the log of every ARM call (method, path, status, duration, correlation id; no tokens). */
export function registerShowOutput(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand("azureJit.showOutput", () => log.show(true));
}
