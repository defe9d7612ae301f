// The UI suite's `first-paint:` line reads each step's end from the logs' timestamps: a reworded line must show as
// `n/a`, never as the time of another line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstPaintLine, type FirstPaintInput } from "../../e2e/ui/firstPaint";

const at = (clock: string) => new Date(`2026-12-02T${clock}`).getTime();

const input: FirstPaintInput = {
  clickedAt: at("10:00:00.000"),
  rowAt: at("10:00:05.000"),
  hostLog: [
    "2026-12-02 10:00:03.000 [info] Extension host with pid 19508 started",
    "2026-12-02 10:00:03.400 [info] ExtensionService#_doActivateExtension vscode.git, startup: true",
    "2026-12-02 10:00:03.500 [info] ExtensionService#_doActivateExtension azure-jit-access.azure-jit-access, startup: false, activationEvent: 'onView:azureJit.policies'",
  ].join("\n"),
  extensionLog: [
    "2026-12-02 10:00:04.000 [info] Azure JIT Access 0.1.0 activated (its parts loaded in 84 ms)",
    "2026-12-02 10:00:04.400 [info] Token: from the Azure CLI in 380 ms",
    "2026-12-02 10:00:04.500 [warning] GET /subscriptions?api-version=2022-12-01 → 401 in 3 ms",
    "2026-12-02 10:00:04.800 [info] GET /subscriptions?api-version=2022-12-01 → 200 in 35 ms",
    "2026-12-02 10:00:04.900 [info] GET /subscriptions?api-version=2022-12-01 → 200 in 30 ms",
  ].join("\n"),
};

test("each step's end after the click, the first matching line's time, and what the extension adds", () => {
  assert.equal(
    firstPaintLine(input),
    "first-paint: click-to-first-row-ms=5000 host-started-at-ms=3000 activated-at-ms=3500 parts-loaded-at-ms=4000 " +
      "first-token-at-ms=4400 subscriptions-listed-at-ms=4800 activation-to-first-row-ms=1500",
  );
});

test("a step the logs do not show reads n/a, and so does what depends on it", () => {
  const line = firstPaintLine({
    ...input,
    hostLog: "",
    extensionLog: input.extensionLog.replace("Token: from", "Token"),
  });
  assert.match(line, /host-started-at-ms=n\/a activated-at-ms=n\/a /);
  assert.match(line, /first-token-at-ms=n\/a /);
  assert.match(line, /activation-to-first-row-ms=n\/a$/);
});
