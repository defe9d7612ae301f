// Tooltips are MarkdownStrings, and almost everything in them comes from Azure (names, requestors, justifications):
// text anyone with write access to a policy or a request can choose. Every remote value goes through `md()` so it
// renders as the literal text it is — no links, no images, no HTML, no `$(icon)` syntax, no command URIs.

/** Escapes text for a Markdown paragraph: every ASCII punctuation mark gets a backslash (CommonMark allows that). */
export function md(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    // Other control characters have no business in a tooltip (and could confuse a screen reader).
    .replace(/\p{Cc}/gu, "")
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** A code span for values such as ids and addresses; backticks inside are not possible in ARM values, but are dropped. */
export function mdCode(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, "")}\``;
}
