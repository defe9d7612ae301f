// CSV for the request-history export (RFC 4180: CRLF records, fields with a quote, comma, CR or LF quoted, quotes
// doubled). Cells come from Azure and from other users (justification, requestor), so a cell a spreadsheet would run
// as a formula is neutralised with a leading apostrophe (OWASP "CSV injection").

/**
 * First characters that make Excel, LibreOffice or Sheets treat a cell as a formula (plus full-width forms), also
 * after leading blanks: importers that trim cells would otherwise evaluate " =HYPERLINK(…)".
 */
const FORMULA_START = /^[\s\u0085\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * Line breaks other than CR and LF: VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029).
 * RFC 4180 knows only CRLF, but readers that split on every Unicode line break (Python's str.splitlines, editors,
 * JavaScript line splitters) would start a new record at them. A cell holding one is quoted, as RFC 4180 quotes a
 * cell holding CR or LF, so a reader that honours quotes keeps it in its cell; the character itself is kept (the
 * export is a record of what Azure holds). Also a cell with leading or trailing blanks, so spreadsheets keep them.
 */
// eslint-disable-next-line no-control-regex -- VT and FF are the point: they break lines.
const QUOTED = /^\s|\s$|[\u000B\u000C\u0085\u2028\u2029]/;

/** NUL ends a string in C readers and some spreadsheets cut the cell there: shown as U+FFFD instead. */
function withoutNul(cell: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is the character being replaced.
  return cell.replace(/\u0000/g, "\uFFFD");
}

/** RFC 4180 §2 rules 6 and 7: a field with a quote, comma, CR or LF is quoted, and its quotes are doubled. */
function field(cell: string): string {
  return /[",\r\n]/.test(cell) || QUOTED.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * A UTF-8 BOM first so Excel reads non-ASCII names correctly; CRLF after every record, the last one too, as RFC 4180
 * says. No CSV library: csv-stringify cost 10.7 KiB of the bundle for these few lines (RFC 4180 §2 rules 5–7). See
 * QUOTED for the other cells that are quoted (docs/azure-behaviour.md#csv-export-and-unicode-line-breaks).
 */
export function toCsv(header: string[], rows: string[][]): string {
  const records = [header, ...rows].map((row) => row.map((cell) => field(neutraliseFormula(withoutNul(cell)))));
  return `\uFEFF${records.map((row) => `${row.join(",")}\r\n`).join("")}`;
}
