// The `first-paint:` line the UI suite prints: from the click on the view's icon to the first subscription row, with
// the moment each step ended, read from the logs' timestamps (docs/performance.md#first-paint-where-the-time-goes):
// code-server's extension host up, this extension activated, its parts loaded, the first token, the subscription
// list. Printed, never asserted. Log lines read "2026-12-02 15:49:24.412 [info] …" in the machine's local time.

export interface FirstPaintInput {
  /** Date.now() at the click and when the first row showed. */
  clickedAt: number;
  rowAt: number;
  /** The extension's output channel ("Azure JIT Access.log"). */
  extensionLog: string;
  /** code-server's extension host log (remoteexthost.log) of the window the click was in. */
  hostLog: string;
}

const STEPS: Array<[name: string, log: keyof Pick<FirstPaintInput, "extensionLog" | "hostLog">, line: RegExp]> = [
  ["host-started", "hostLog", /Extension host with pid \d+ started/],
  ["activated", "hostLog", /_doActivateExtension azure-jit-access\.azure-jit-access\b/],
  ["parts-loaded", "extensionLog", /activated \(its parts loaded in \d+ ms\)/],
  ["first-token", "extensionLog", /Token: from (?:the Azure CLI|VS Code's account) in \d+ ms/],
  ["subscriptions-listed", "extensionLog", /GET \/subscriptions\?api-version=\S+ → 200 in \d+ ms/],
];

/** The first line's time that matches, in ms since the epoch; undefined when no line does. */
function loggedAt(log: string, line: RegExp): number | undefined {
  for (const text of log.split("\n")) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[\w+\] (.*)$/.exec(text);
    if (m && line.test(m[3]!)) return new Date(`${m[1]}T${m[2]}`).getTime();
  }
  return undefined;
}

export function firstPaintLine(input: FirstPaintInput): string {
  const ms = (at: number | undefined) => (at === undefined ? "n/a" : String(Math.round(at - input.clickedAt)));
  const steps = STEPS.map(([name, log, line]) => [name, loggedAt(input[log], line)] as const);
  const activated = steps.find(([name]) => name === "activated")![1];
  // What this extension adds: from VS Code activating it to the row (the rest is code-server starting up).
  const ours = activated === undefined ? "n/a" : String(Math.round(input.rowAt - activated));
  return (
    `first-paint: click-to-first-row-ms=${ms(input.rowAt)} ` +
    steps.map(([name, at]) => `${name}-at-ms=${ms(at)}`).join(" ") +
    ` activation-to-first-row-ms=${ours}`
  );
}
