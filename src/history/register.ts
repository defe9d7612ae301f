// Wires the audit commands: the request-history panel and the CSV export.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { Services } from "../services";
import { exportRequestHistory } from "./export";
import { HistoryPanel } from "./panel";
import { scopeOf } from "./scope";

export function registerHistory(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.showRequestHistory, (node?: unknown) =>
      HistoryPanel.show(services, scopeOf(node)),
    ),
    vscode.commands.registerCommand(COMMAND.exportRequestHistory, (node?: unknown) =>
      exportRequestHistory(services, node),
    ),
    { dispose: () => HistoryPanel.disposeCurrent() },
  );
}
