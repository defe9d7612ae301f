// Tooltips are MarkdownStrings, and almost everything in them comes from Azure (names, requestors, justifications):
// text anyone with write access to a policy or a request can choose. Every remote value goes through `md()` so it
// renders as the literal text it is — no links, no images, no HTML, no `$(icon)` syntax, no command URIs, and no
// bidi or invisible characters that make one requestor look like another (core/inertText shows them as <U+XXXX>).
import { markdownText, visibleControls } from "../core/inertText";

/** Escapes text for a Markdown paragraph: every ASCII punctuation mark gets a backslash (CommonMark allows that). */
export function md(text: string): string {
  return markdownText(text);
}

/**
 * A code span for values such as ids and addresses; backticks and line breaks are dropped (ARM values hold
 * neither), and invisible characters are made visible like everywhere else.
 */
export function mdCode(text: string): string {
  return `\`${markdownCodeSafe(text)}\``;
}

function markdownCodeSafe(text: string): string {
  return visibleControls(text.replace(/[`\r\n]/g, ""));
}
