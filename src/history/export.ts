// azureJit.exportRequestHistory: the history rows to a CSV file the user picks. Cells are neutralised against
// formula injection in core/csv (requestor and justification are written by other people).
import { homedir } from "node:os";
import * as vscode from "vscode";
import { toCsv } from "../core/csv";
import { historyCells, historyColumns, historyRows, type HistoryRow } from "../core/requestHistory";
import type { Services } from "../services";
import { freshPolicies, scopeOf } from "./scope";
import { plainText } from "../core/inertText";

export async function exportRequestHistory(services: Services, node: unknown): Promise<void> {
  const choice = scopeOf(node);
  const { policies, stale } = await vscode.window.withProgress(
    { location: { viewId: "azureJit.policies" }, title: vscode.l10n.t("Reading JIT requests…") },
    () => freshPolicies(services, choice),
  );
  await exportRows(services, historyRows(policies, choice.scope), choice.label, stale);
}

/** `stale`: what could not be read again, so the file holds the last copy of it; the user is told. */
export async function exportRows(
  services: Services,
  rows: HistoryRow[],
  label: string,
  stale: string[] = [],
): Promise<void> {
  const date = new Date(services.serverNow()).toISOString().slice(0, 10);
  const base = `jit-requests-${label}-${date}`.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-+/g, "-");
  // Without a folder open the dialog still proposes the name, in the home folder.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t("Export JIT request history"),
    saveLabel: vscode.l10n.t("Export"),
    filters: { [vscode.l10n.t("CSV files")]: ["csv"] },
    defaultUri: vscode.Uri.joinPath(folder, `${base}.csv`),
  });
  if (!target) return;
  const csv = toCsv(historyColumns(), rows.map(historyCells));
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv));
  } catch (e) {
    services.log.error(`history: writing ${target.toString()} failed: ${String(e)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        "Could not write {0}: {1}",
        plainText(target.fsPath),
        plainText(e instanceof Error ? e.message : String(e)),
      ),
    );
    return;
  }
  services.log.info(`history: exported ${rows.length} rows to ${target.fsPath}`);
  const open = vscode.l10n.t("Open");
  const choice =
    stale.length === 0
      ? await vscode.window.showInformationMessage(
          vscode.l10n.t("Exported {0} requests to {1}.", rows.length, plainText(target.fsPath)),
          open,
        )
      : await vscode.window.showWarningMessage(
          vscode.l10n.t(
            "Exported {0} requests to {1}, but {2} could not be read from Azure: its rows are the last copy this window had.",
            rows.length,
            plainText(target.fsPath),
            plainText(stale.join(", ")),
          ),
          open,
        );
  if (choice === open) await vscode.commands.executeCommand("vscode.open", target);
}
