// Text from outside the extension (Azure names, requestors, justifications, error messages, the user's own input)
// reaches surfaces that give some characters a meaning: notification messages turn `[label](command:…)` into a
// live link, quick picks and the status bar turn `$(name)` into an icon, MarkdownStrings render links, images and
// HTML even when untrusted, and bidirectional controls reorder what is shown so one identity can look like another.
// One function per kind of surface makes such text inert there: it shows literally, and text that holds none of
// those constructs comes out unchanged. Pure: no vscode, no clock.

/**
 * Characters that change how the text around them is shown without showing themselves: the bidirectional
 * controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), every other format character (Unicode category
 * Cf: zero-width space and joiners, U+2060 word joiner, U+FEFF, soft hyphen, tag characters…), control
 * characters other than tab and newline (those are handled per surface), line/paragraph separators, and the
 * blank Hangul fillers and U+034F that render as nothing.
 */
const INVISIBLE = /[\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]|\u034F|(?![\t\n])\p{Cc}/gu;

/** `U+202E` as `<U+202E>`: the reader sees that something is there, and which character. */
function codePointMark(ch: string): string {
  return `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`;
}

/** Makes every invisible or reordering character visible as `<U+XXXX>`; other text is unchanged. */
export function visibleControls(text: string): string {
  return text.replace(INVISIBLE, codePointMark);
}

/**
 * A user or service-principal identity (requestor, account name) for any surface that shows plain text: bidi
 * and invisible characters made visible, and line breaks too (an identity is one line).
 */
export function identityText(text: string): string {
  return visibleControls(text).replace(/\r\n?|\n|\t/g, (c) => codePointMark(c[0] ?? " "));
}

/** `$(` opens a codicon where a surface supports theme icons; VS Code's own escapeIcons puts a backslash before it. */
function escapeIconStarts(text: string): string {
  return text.replace(/\$\(/g, "\\$(");
}

// An autolink per CommonMark 0.31 §6.5: `<scheme:…>` (scheme of 2–32 characters) or `<address@host>`.
const AUTOLINK_START =
  /<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*)>)/g;

/**
 * Text for a notification or a plain message (showErrorMessage & co., progress titles). VS Code turns
 * `[label](target)` in a notification into a link (including `command:` targets), so `](` becomes `] (` — no
 * longer a link in CommonMark or in VS Code's linked-text parser; `<scheme:…>` autolinks get a space after `<`;
 * `$(` gets VS Code's icon escape (a backslash) for the surfaces that render icons; invisible and bidi
 * characters are made visible.
 */
export function plainText(text: string): string {
  return escapeIconStarts(visibleControls(text).replace(/\]\(/g, "] (").replace(AUTOLINK_START, "< "));
}

/**
 * A quick pick label, description or detail, or status-bar text: those render `$(name)` as an icon and
 * nothing else, so `$(` is escaped the way VS Code's escapeIcons does (`\$(` renders as the literal `$(`), and
 * invisible and bidi characters are made visible.
 */
export function quickPickText(text: string): string {
  return escapeIconStarts(visibleControls(text));
}

/**
 * Text for a MarkdownString paragraph (tooltips, hovers). An untrusted MarkdownString still renders links,
 * autolinks, images and HTML, so every ASCII punctuation mark gets a backslash (CommonMark §2.4 allows that for
 * all of them and shows the mark literally); line breaks and tabs become spaces, leading spaces go; invisible and bidi characters are made
 * visible first, so their markers are escaped too.
 */
export function markdownText(text: string): string {
  return (
    visibleControls(text.replace(/\r\n?|\n|\t/g, " "))
      // Indentation would start a code block; a paragraph does not show it anyway.
      .replace(/^ +/, "")
      .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`)
  );
}
