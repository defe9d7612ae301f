// The request form's HTML shell. Pure so tests can load exactly what VS Code shows. The page holds no markup
// from Azure or the user: webview/main.ts builds the form with textContent from the JSON state below.
import type { FormInit } from "./protocol";

export interface FormHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per render. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  state: FormInit;
  /** The page language (vscode.env.language). */
  lang?: string;
}

/** JSON safe to sit inside <script type="application/json">: no "<" can end the element, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

export function formHtml(input: FormHtmlInput): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(input.nonce)) throw new Error("nonce must be at least 16 base64 characters");
  const nonce = input.nonce;
  return `<!DOCTYPE html>
<html lang="${attr(input.lang ?? "en")}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Request JIT access</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script type="application/json" id="azure-jit-state">${jsonForScript(input.state)}</script>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}
