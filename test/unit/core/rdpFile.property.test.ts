/* eslint-disable no-control-regex -- line breaks and NUL are what these properties are about */
// Properties of the .rdp file (line-based `key:type:value`), not from src/core/rdpFile.ts: split on every Unicode
// line break, the file holds exactly the expected lines, whatever the host, port and user name from Azure.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { rdpFileContent, validateRdpUser } from "../../../src/core/rdpFile";
import { fcOptions } from "./fcConfig";

/** Every line break of Unicode (UAX #14 BK, CR, LF, NL) and NUL, which ends a line for C readers. */
const BREAKS = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029\u0000]/;
const breakChar = fc.constantFrom("\n", "\r", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029", "\u0000");
const hostile = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 8 }), breakChar, fc.string({ maxLength: 8 })).map(([a, b, c]) => `${a}${b}${c}`),
  fc.tuple(fc.string({ maxLength: 8 }), breakChar).map(([a, b]) => `${a}${b}remoteapplicationprogram:s:calc.exe`),
);
const host = fc.oneof(fc.ipV4(), fc.domain(), hostile);
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.integer(), fc.double());
const user = fc.option(fc.oneof(fc.constantFrom("azureuser", "CONTOSO\\alice", "alice@contoso.com"), hostile), {
  nil: undefined,
});

test("split on every Unicode line break, a written .rdp file holds exactly the expected key:type:value lines", () => {
  fc.assert(
    fc.property(host, port, user, (h, p, u) => {
      const result = rdpFileContent({ host: h, port: p, username: u });
      if (!result.ok) return;
      const lines = result.text.split(BREAKS);
      assert.equal(lines.pop(), "", "ends with a line break");
      assert.deepEqual(lines, [
        `full address:s:${h}:${p}`,
        ...(u ? [`username:s:${u}`] : []),
        "prompt for credentials:i:1",
        "administrative session:i:0",
      ]);
      for (const line of lines) assert.match(line, /^[a-z ]+:[si]:/);
    }),
    fcOptions(),
  );
});

test("a user name holding any Unicode line break or NUL is refused", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), breakChar, fc.string({ maxLength: 20 }), (a, b, c) => {
      assert.notEqual(validateRdpUser(`${a}${b}${c}`), undefined, JSON.stringify(`${a}${b}${c}`));
    }),
    fcOptions(),
  );
});
