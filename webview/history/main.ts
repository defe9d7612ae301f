// Browser side of the request-history panel: draws the summary and request tables from the host's state with
// textContent only, filters rows as the user types, and asks the host to export or refresh.
import type { HistoryMessage, HistoryState, HistoryTable, HostMessage } from "../../src/history/protocol";
import "./history.css";
import { el } from "../dom";

interface Api {
  postMessage(message: HistoryMessage): void;
  getState(): { filter?: string } | undefined;
  setState(state: { filter: string }): void;
}
declare function acquireVsCodeApi(): Api;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") as HTMLElement;
let state: HistoryState | undefined;
let filter = vscode.getState()?.filter ?? "";

function table(data: HistoryTable, caption: string, rows: string[][]): HTMLElement {
  const t = el("table");
  t.append(el("caption", {}, caption));
  const head = el("thead");
  const headRow = el("tr");
  for (const column of data.columns) {
    const th = el("th", {}, column);
    th.scope = "col";
    headRow.append(th);
  }
  head.append(headRow);
  const body = el("tbody");
  const dateColumns = new Set<number>();
  for (const row of rows) {
    const tr = el("tr");
    row.forEach((cell, index) => {
      tr.append(cellElement(cell));
      if (UTC_DATE.test(cell)) dateColumns.add(index);
    });
    body.append(tr);
  }
  for (const index of dateColumns) headRow.children[index]?.classList.add("date");
  t.append(head, body);
  const wrap = el("div", { class: "table-wrap" });
  wrap.append(t);
  return wrap;
}

/** The host's UTC dates (formatUtc): such cells never wrap. */
const UTC_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Up to this long, a cell stays on one line (VM, requestor, port, status…). */
const SHORT_CELL = 40;
/** Longer than this, a cell shows its first lines and the full text on hover. */
const LONG_CELL = 120;

function cellElement(text: string): HTMLTableCellElement {
  if (UTC_DATE.test(text)) return el("td", { class: "date" }, text);
  if (text.length <= SHORT_CELL) return el("td", { class: "short" }, text);
  if (text.length <= LONG_CELL) return el("td", {}, text);
  const td = el("td", { class: "long" });
  td.title = text;
  td.append(el("div", { class: "clip" }, text));
  return td;
}

function matches(row: string[], words: string[]): boolean {
  const haystack = row.join("\n").toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Title, toolbar and a results region; the toolbar is built once per state so typing never loses focus. */
function render(): void {
  if (!state) return;
  const s = state;
  const toolbar = el("div", { class: "toolbar" });
  const label = el("label", {}, s.strings.filter);
  const input = el("input");
  input.type = "search";
  input.id = "filter";
  input.placeholder = s.strings.filterPlaceholder;
  input.value = filter;
  input.maxLength = 200;
  label.htmlFor = "filter";
  const results = el("div");
  input.addEventListener("input", () => {
    filter = input.value;
    vscode.setState({ filter });
    renderResults(s, results);
  });
  const exportButton = el("button", {}, s.strings.export);
  exportButton.addEventListener("click", () => vscode.postMessage({ type: "export", filter }));
  const refreshButton = el("button", { class: "secondary" }, s.strings.refresh);
  refreshButton.addEventListener("click", () => vscode.postMessage({ type: "refresh" }));
  toolbar.append(label, input, exportButton, refreshButton);

  const hadFocus = document.activeElement instanceof HTMLInputElement && document.activeElement.id === "filter";
  app.replaceChildren(el("h1", {}, s.title), el("p", { class: "meta" }, s.readAt), toolbar, results);
  renderResults(s, results);
  app.setAttribute("aria-busy", "false");
  if (hadFocus) input.focus();
}

function renderResults(s: HistoryState, into: HTMLElement): void {
  const words = filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "");
  const rows = s.requests.rows.filter((r) => matches(r, words));
  const count = el(
    "p",
    { class: "meta" },
    s.strings.shown.replace("{0}", String(rows.length)).replace("{1}", String(s.requests.rows.length)),
  );
  count.setAttribute("role", "status");
  const parts: Node[] = [];
  if (s.summary.rows.length > 0)
    parts.push(
      table(
        s.summary,
        s.strings.summary,
        s.summary.rows.filter((r) => matches(r, words)),
      ),
    );
  parts.push(
    count,
    rows.length > 0 ? table(s.requests, s.strings.requests, rows) : el("p", { class: "empty" }, s.strings.empty),
  );
  into.replaceChildren(...parts);
}

window.addEventListener("message", (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message && message.type === "state") {
    state = message.state;
    if (filter === "" && state.filter) filter = state.filter;
    render();
  }
});

vscode.postMessage({ type: "ready" });
