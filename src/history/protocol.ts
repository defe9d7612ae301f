// Messages between the request-history panel (src/history) and its browser code (webview/history). Pure types and
// the host-side validator: anything the webview posts is untrusted until parseHistoryMessage accepts it.
export const HISTORY_VIEW_TYPE = "azureJit.requestHistory";
export const MAX_FILTER_LENGTH = 200;

export interface HistoryTable {
  columns: string[];
  rows: string[][];
}

export interface HistoryState {
  title: string;
  /** When the rows were read, already formatted for people. */
  readAt: string;
  summary: HistoryTable;
  requests: HistoryTable;
  /** UI strings, translated on the host (the webview cannot call vscode.l10n). */
  strings: {
    filter: string;
    filterPlaceholder: string;
    summary: string;
    requests: string;
    export: string;
    refresh: string;
    empty: string;
    shown: string;
  };
  filter: string;
}

export type HostMessage = { type: "state"; state: HistoryState };

export type HistoryMessage = { type: "ready" } | { type: "refresh" } | { type: "export"; filter: string };

/** Accepts only the known shapes with bounded strings; everything else is dropped. */
export function parseHistoryMessage(value: unknown): HistoryMessage | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case "ready":
    case "refresh":
      return { type: message.type };
    case "export": {
      const filter = message.filter;
      if (typeof filter !== "string" || filter.length > MAX_FILTER_LENGTH) return undefined;
      return { type: "export", filter };
    }
    default:
      return undefined;
  }
}
