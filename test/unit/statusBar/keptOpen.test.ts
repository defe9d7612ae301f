// What the status bar draws for a kept-open grant (core/countdown.ts, the item's text): a sync icon instead of the
// shield while keep open renews the soonest grant; the spinner still wins while a request is opening.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countdownView } from "../../../src/core/countdown";

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

test("a kept-open grant shows the sync icon; a plain one the shield", () => {
  assert.equal(
    countdownView([{ vmName: "web-01", port: 22, endTimeUtc: NOW + 42 * MIN, keptOpen: true }], NOW, 5 * MIN)?.text,
    "$(sync) web-01 · 42m",
  );
  assert.equal(
    countdownView([{ vmName: "web-01", port: 22, endTimeUtc: NOW + 42 * MIN }], NOW, 5 * MIN)?.text,
    "$(shield) web-01 · 42m",
  );
});

test("the soonest grant decides the icon; an opening request shows the spinner", () => {
  const grants = [
    { vmName: "web-01", port: 22, endTimeUtc: NOW + 42 * MIN, keptOpen: true },
    { vmName: "db-01", port: 5432, endTimeUtc: NOW + 12 * MIN },
  ];
  assert.equal(countdownView(grants, NOW, 5 * MIN)?.text, "$(shield) 2 open · 12m");
  assert.equal(
    countdownView(
      [...grants, { vmName: "web-02", port: 22, endTimeUtc: 0, opening: true }],
      NOW,
      5 * MIN,
    )?.text.startsWith("$(loading~spin)"),
    true,
  );
});
