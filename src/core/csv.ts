// CSV for the request-history export. Quoting is csv-stringify's (RFC 4180: CRLF records, fields with a quote,
// comma, CR or LF quoted, quotes doubled). Cells come from Azure and from other users (justification, requestor),
// so a cell a spreadsheet would run as a formula is neutralised with a leading apostrophe (OWASP "CSV injection").
import { stringify } from "csv-stringify/sync";

/**
 * First characters that make Excel, LibreOffice or Sheets treat a cell as a formula (plus full-width forms), also
 * after leading blanks: importers that trim cells would otherwise evaluate " =HYPERLINK(…)".
 */
const FORMULA_START = /^[\s\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A UTF-8 BOM first so Excel reads non-ASCII names correctly; CRLF between records, as RFC 4180 says.
 * `quote_record_delimiter` must be explicit: once `record_delimiter` is set, csv-stringify 6.9 stops quoting a bare
 * LF inside a cell, which would split a multi-line justification into two records. Cells with leading or trailing
 * blanks are quoted so spreadsheets keep them.
 */
export function toCsv(header: string[], rows: string[][]): string {
  const records = [header, ...rows].map((row) => row.map((cell) => neutraliseFormula(cell)));
  return stringify(records, { bom: true, record_delimiter: "windows", quote_record_delimiter: true, quoted_match: /^\s|\s$/ });
}
