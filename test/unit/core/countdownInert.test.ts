// The status bar renders `$(name)` as a codicon: the VM name in the countdown shows literally (issue 11).
import assert from "node:assert/strict";
import { test } from "node:test";
import { countdownView } from "../../../src/core/countdown";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

test("a VM named with $(…) keeps the extension's own icon and escapes the name's", () => {
  const open = countdownView([{ vmName: "web-$(alert)-01", port: 22, endTimeUtc: T0 + 42 * 60_000 }], T0, 0);
  assert.equal(open?.text, "$(shield) web-\\$(alert)-01 · 42m");
  const opening = countdownView(
    [{ vmName: "$(zap)\u202Eevil", port: 22, endTimeUtc: T0 + 60_000, opening: true }],
    T0,
    0,
  );
  assert.equal(opening?.text, "$(loading~spin) \\$(zap)<U+202E>evil · opening");
});
