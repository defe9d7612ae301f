// The read-only request-history panel: one panel, re-aimed at whatever scope the command was run on. The host
// computes every cell (core/requestHistory) and sends them as data; the page renders them as text.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import {
  filterRows,
  formatUtc,
  historyCells,
  historyColumns,
  historyRows,
  requestorLabel,
  vmSummaries,
  type HistoryRow,
} from "../core/requestHistory";
import { identityText, visibleControls } from "../core/inertText";
import type { Policy } from "../core/types";
import type { Services } from "../services";
import { exportRows } from "./export";
import { historyHtml } from "./historyHtml";
import { HISTORY_VIEW_TYPE, parseHistoryMessage, type HistoryState, type HostMessage } from "./protocol";
import { freshPolicies, type ScopeChoice } from "./scope";

/** A request's cells as the page shows them: the requestor as an identity, every other cell with hidden characters made visible. */
function shownCells(row: HistoryRow): string[] {
  return historyCells(row).map((cell, index) =>
    index === REQUESTOR_COLUMN ? identityText(cell) : visibleControls(cell),
  );
}
/** historyCells' column of the requestor (Start, End, VM, Requestor, …). */
const REQUESTOR_COLUMN = 3;

export class HistoryPanel implements vscode.Disposable {
  private static current: HistoryPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private policies: Policy[] = [];
  private readAtMs = 0;
  /** What could not be read again (the last copy the view had is shown for it). */
  private stale: string[] = [];
  private ready = false;

  static disposeCurrent(): void {
    HistoryPanel.current?.dispose();
  }

  static async show(services: Services, choice: ScopeChoice): Promise<void> {
    const panel = HistoryPanel.current ?? new HistoryPanel(services);
    HistoryPanel.current = panel;
    panel.choice = choice;
    panel.panel.title = vscode.l10n.t("JIT requests: {0}", choice.label);
    panel.panel.reveal(undefined, false);
    await panel.reload();
  }

  private readonly panel: vscode.WebviewPanel;
  private choice: ScopeChoice = { scope: { kind: "all" }, label: "" };

  private constructor(private readonly services: Services) {
    const root = vscode.Uri.joinPath(services.context.extensionUri, "dist", "webview");
    this.panel = vscode.window.createWebviewPanel(
      HISTORY_VIEW_TYPE,
      vscode.l10n.t("JIT requests"),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [root],
      },
    );
    const webview = this.panel.webview;
    webview.html = historyHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString("base64"),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "history.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "history.css")).toString(),
      lang: vscode.env.language,
      title: vscode.l10n.t("JIT requests"),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      services.policies.onDidChangePolicy((policy) => {
        // Only requests already on screen change in place; a new read happens on Refresh.
        const index = this.policies.findIndex((p) => p.id.toLowerCase() === policy.id.toLowerCase());
        if (index >= 0) {
          this.policies[index] = policy;
          this.post();
        }
      }),
    );
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseHistoryMessage(raw);
    if (!message) {
      this.services.log.warn("history: ignored a malformed message from the webview");
      return;
    }
    switch (message.type) {
      case "ready":
        this.ready = true;
        this.post();
        break;
      case "refresh":
        await this.reload();
        break;
      case "export":
        await exportRows(this.services, filterRows(this.rows(), message.filter), this.choice.label);
        break;
    }
  }

  private async reload(): Promise<void> {
    const read = await vscode.window.withProgress(
      { location: { viewId: "azureJit.policies" }, title: vscode.l10n.t("Reading JIT requests…") },
      () => freshPolicies(this.services, this.choice),
    );
    this.policies = read.policies;
    this.stale = read.stale;
    this.readAtMs = this.services.serverNow();
    this.post();
  }

  private rows(): HistoryRow[] {
    return historyRows(this.policies, this.choice.scope);
  }

  private post(): void {
    if (!this.ready) return;
    const rows = this.rows();
    const summaries = vmSummaries(this.policies, this.choice.scope, this.readAtMs);
    const state: HistoryState = {
      title: vscode.l10n.t("JIT requests: {0}", this.choice.label),
      readAt:
        this.stale.length === 0
          ? vscode.l10n.t(
              "Read at {0} UTC. Azure keeps requests for a limited time (weeks, not months).",
              formatUtc(this.readAtMs),
            )
          : vscode.l10n.t(
              "Could not read {0} from Azure at {1} UTC (see Azure JIT: Show Output): its rows are the last copy this window had, and may be out of date.",
              this.stale.join(", "),
              formatUtc(this.readAtMs),
            ),
      summary: {
        columns: [
          vscode.l10n.t("VM"),
          vscode.l10n.t("Requests (last 7 days)"),
          vscode.l10n.t("Last access (UTC)"),
          vscode.l10n.t("Last user"),
        ],
        rows: summaries.map((s) =>
          [
            s.vmName,
            String(s.requestsLast7Days),
            formatUtc(s.lastAccessUtc),
            s.lastUser === undefined ? "" : identityText(requestorLabel(s.lastUser)),
          ].map(visibleControls),
        ),
      },
      // The page shows cells as text (no markup), but bidi and invisible characters would still let one requestor
      // look like another: they are made visible; the CSV export keeps the data as Azure sent it.
      requests: { columns: historyColumns(), rows: rows.map((row) => shownCells(row)) },
      strings: {
        filter: vscode.l10n.t("Filter"),
        filterPlaceholder: vscode.l10n.t("Words to find in any column, e.g. a user, VM, port or status"),
        summary: vscode.l10n.t("Per VM"),
        requests: vscode.l10n.t("Requests, newest first"),
        export: vscode.l10n.t("Export CSV…"),
        refresh: vscode.l10n.t("Refresh"),
        empty: vscode.l10n.t("No requests to show."),
        shown: vscode.l10n.t("{0} of {1} requests shown"),
      },
      filter: "",
    };
    const message: HostMessage = { type: "state", state };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (HistoryPanel.current === this) HistoryPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
