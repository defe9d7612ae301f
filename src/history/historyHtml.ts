// The history panel's page: the shared webview shell; webview/history/main.ts builds the tables from the state
// message with textContent.
import { pageHtml } from "../webviewShell/pageHtml";

export interface HistoryHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  lang: string;
  title: string;
}

export function historyHtml(input: HistoryHtmlInput): string {
  return pageHtml(input);
}
