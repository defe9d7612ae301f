// The one HTML shell every webview of the extension uses (request form, request history). Pure, so tests load
// exactly what VS Code shows. The page carries no markup from Azure or the user: each webview script builds its
// DOM with textContent from JSON state, and the CSP allows only the extension's own nonce'd script and styles.

export interface PageHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per render (see newNonce in the panels). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** The page language (vscode.env.language). */
  lang?: string;
  /** Initial state, embedded as inert JSON (`<script type="application/json" id="azure-jit-state">`). */
  state?: unknown;
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

/** JSON safe to sit inside <script type="application/json">: no "<" can end the element, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function pageHtml(input: PageHtmlInput): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(input.nonce)) throw new Error("nonce must be at least 16 base64 characters");
  const a = escapeAttribute;
  const state =
    input.state === undefined
      ? ""
      : `<script type="application/json" id="azure-jit-state">${jsonForScript(input.state)}</script>\n`;
  return `<!DOCTYPE html>
<html lang="${a(input.lang ?? "en")}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(input.styleUri)}">
<title>${a(input.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
${state}<script nonce="${a(input.nonce)}" src="${a(input.scriptUri)}"></script>
</body>
</html>
`;
}
