// The request form's page: the shared webview shell with the form's state. webview/main.ts builds the form
// with textContent from that JSON state.
import { pageHtml } from "../webviewShell/pageHtml";
import type { FormInit } from "./protocol";

export { contentSecurityPolicy, jsonForScript } from "../webviewShell/pageHtml";

export interface FormHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  state: FormInit;
  lang?: string;
  /** The document title, translated by the caller (screen readers announce it). */
  title?: string;
}

export function formHtml(input: FormHtmlInput): string {
  return pageHtml({ ...input, title: input.title ?? "Request JIT access" });
}
