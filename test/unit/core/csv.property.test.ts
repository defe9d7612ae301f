/* eslint-disable no-control-regex -- line breaks and NUL are what these properties are about */
// Properties of the history CSV from RFC 4180 (records end in CRLF; a field holding '"', ',', CR or LF is quoted,
// '"' doubled), read back by a reader written here from that grammar, not from src/core/csv.ts. A second reader
// also ends a record at every Unicode line break outside quotes (VT, FF, NEL, U+2028, U+2029), as readers that
// split lines that way do: it must read the same rows.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { toCsv } from "../../../src/core/csv";
import { fcOptions } from "./fcConfig";
import { LINE_BREAKS } from "./lineBreaks";

const BOM = "\uFEFF";
const UNICODE_BREAKS = new Set(["\n", "\r", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029"]);

/**
 * RFC 4180 §2: file = [header CRLF] record *(CRLF record) [CRLF]; field = escaped / non-escaped;
 * escaped = DQUOTE *(TEXTDATA / COMMA / CR / LF / 2DQUOTE) DQUOTE. With `unicodeBreaks`, any line break outside
 * quotes (a CRLF counting as one) ends the record. Throws on text outside the grammar.
 */
function readCsv(text: string, unicodeBreaks: boolean): string[][] {
  assert.ok(text.startsWith(BOM), "starts with a BOM");
  const s = text.slice(1);
  const rows: string[][] = [];
  let i = 0;
  while (i < s.length) {
    const row: string[] = [];
    for (;;) {
      let field = "";
      if (s[i] === '"') {
        i++;
        for (;;) {
          assert.ok(i < s.length, "unterminated quoted field");
          if (s[i] === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += s[i++];
        }
      } else {
        while (
          i < s.length &&
          s[i] !== "," &&
          s[i] !== '"' &&
          !(unicodeBreaks ? UNICODE_BREAKS.has(s[i]) : s[i] === "\r" || s[i] === "\n")
        ) {
          field += s[i++];
        }
        assert.notEqual(s[i], '"', "a quote inside an unquoted field");
      }
      row.push(field);
      if (s[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (i < s.length) {
      if (unicodeBreaks && UNICODE_BREAKS.has(s[i]) && !(s[i] === "\r" && s[i + 1] === "\n")) i++;
      else {
        assert.equal(s.slice(i, i + 2), "\r\n", `record ends in CRLF at ${i}`);
        i += 2;
      }
    }
    rows.push(row);
  }
  return rows;
}

// Cells from Azure and from other people: any text, with line breaks, quotes, commas, NUL and formula starts likely.
const hostileChar = fc.constantFrom(
  ...LINE_BREAKS,
  '"',
  ",",
  " ",
  "\t",
  "=",
  "+",
  "-",
  "@",
  "\uFF1D",
  "\u3000",
  "a",
  "é",
  "1",
);
const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.oneof(hostileChar, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 10 }),
);
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) =>
    fc.tuple(
      fc.array(cell, { minLength: width, maxLength: width }),
      fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }),
    ),
  );

/** What the file should hold for a cell: NUL shown as U+FFFD; a cell a spreadsheet would run as a formula led by "'". */
function expectedCell(value: string): string {
  const v = value.replace(/\u0000/g, "\uFFFD");
  return /^[\s\u0085\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(v) || /^[\t\r\n]/.test(v) ? `'${v}` : v;
}

test("an RFC 4180 reader reads back exactly the rows written (cells neutralised, nothing split or merged)", () => {
  fc.assert(
    fc.property(table, ([header, rows]) => {
      const read = readCsv(toCsv(header, rows), false);
      assert.deepEqual(
        read,
        [header, ...rows].map((r) => r.map(expectedCell)),
      );
    }),
    fcOptions(),
  );
});

test("a reader that ends records at every Unicode line break outside quotes reads the same rows", () => {
  fc.assert(
    fc.property(table, ([header, rows]) => {
      const read = readCsv(toCsv(header, rows), true);
      assert.deepEqual(
        read,
        [header, ...rows].map((r) => r.map(expectedCell)),
      );
    }),
    fcOptions(),
  );
});

test("no cell read back starts a formula, after any blanks", () => {
  fc.assert(
    fc.property(table, ([header, rows]) => {
      for (const row of readCsv(toCsv(header, rows), false)) {
        for (const value of row)
          assert.doesNotMatch(value, /^[\s\u0085\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/, JSON.stringify(value));
      }
    }),
    fcOptions(),
  );
});

test("no NUL reaches the file", () => {
  fc.assert(
    fc.property(table, ([header, rows]) => {
      assert.equal(toCsv(header, rows).includes("\u0000"), false);
    }),
    fcOptions(),
  );
});
