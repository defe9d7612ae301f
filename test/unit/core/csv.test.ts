import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { neutraliseFormula, toCsv } from "../../../src/core/csv";

const BOM = "\uFEFF";

/** A minimal RFC 4180 reader, to prove that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = text.startsWith(BOM) ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("neutraliseFormula", () => {
  it("prefixes an apostrophe to cells a spreadsheet would evaluate", () => {
    for (const hostile of [
      "=1+1",
      "+1",
      "-1",
      "@SUM(A1:A9)",
      "\tcmd",
      "\rcmd",
      "\ncmd",
      "＝1+1",
      '=HYPERLINK("http://x")',
      " =1+1",
      "  @cmd",
      "\u00A0-2+3",
    ]) {
      assert.equal(neutraliseFormula(hostile), `'${hostile}`, JSON.stringify(hostile));
    }
  });
  it("leaves ordinary cells alone", () => {
    for (const plain of [
      "alice@contoso.com",
      "2025-06-10T11:00:00Z",
      "22, 3389",
      "",
      "a=b",
      "10.0.0.0/8",
      "  padded",
      "fix - later",
    ]) {
      assert.equal(neutraliseFormula(plain), plain);
    }
  });
});

describe("toCsv", () => {
  it("writes RFC 4180: BOM, CRLF records, quotes doubled, separators and line breaks quoted", () => {
    const csv = toCsv(
      ["Requestor", "Justification"],
      [
        ["alice@contoso.com", 'said "hi", then\nleft'],
        ["bob", "plain"],
      ],
    );
    assert.ok(csv.startsWith(BOM));
    assert.equal(csv, `${BOM}Requestor,Justification\r\nalice@contoso.com,"said ""hi"", then\nleft"\r\nbob,plain\r\n`);
  });

  it("hostile cells round-trip as inert text", () => {
    const hostile = [["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@x", "\t=1", '=1",\r\n=2']];
    const back = parseCsv(toCsv(["a", "b", "c", "d", "e", "f"], hostile));
    assert.equal(back.length, 2);
    assert.deepEqual(
      back[1],
      hostile[0]!.map((c) => `'${c}`),
    );
    for (const cell of back[1]!) assert.ok(!/^[=+\-@\t\r]/.test(cell), cell);
  });

  it("keeps leading and trailing blanks by quoting", () => {
    assert.equal(toCsv(["x"], [[" padded "]]), `${BOM}x\r\n" padded "\r\n`);
  });
});
