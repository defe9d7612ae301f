// The results' "Keep this access open" checkbox sends {type:"keepOpen", on}: the host accepts only a boolean.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseWebviewMessage } from "../../../src/requestForm/messageValidator";

test("keepOpen from the webview: on must be true or false", () => {
  assert.deepEqual(parseWebviewMessage({ type: "keepOpen", on: true }), {
    ok: true,
    value: { type: "keepOpen", on: true },
  });
  assert.deepEqual(parseWebviewMessage({ type: "keepOpen", on: false }), {
    ok: true,
    value: { type: "keepOpen", on: false },
  });
  const bad = parseWebviewMessage({ type: "keepOpen", on: "yes" });
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : "", /on must be true or false/);
});
