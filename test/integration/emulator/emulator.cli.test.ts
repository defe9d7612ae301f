// The CLI contract other parts rely on: one JSON ready line, a working CA, clean exit on SIGTERM/SIGINT.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { call } from "../../../emulator/testClient";

type Ready = {
  url: string;
  ca: string;
  pid: number;
  scenario: string;
  subscriptions: number;
  tenants: Array<{ tenantId: string }>;
};

async function launch(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => Promise.reject(new Error(`emulator exited ${code}: ${stderr}`))),
  ])) as [string];
  return { child, ready: JSON.parse(line) as Ready, stderr: () => stderr };
}

describe("emulator CLI", () => {
  it("prints the ready line, serves with its CA, logs on stderr and exits 0 on SIGTERM", async () => {
    const { child, ready, stderr } = await launch(["--port", "0", "--scenario", "demo"]);
    assert.match(ready.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.pid, child.pid);
    assert.equal(ready.scenario, "demo");
    assert.equal(ready.subscriptions, 3);
    assert.equal(ready.tenants.length, 2);
    const caPem = readFileSync(ready.ca, "utf8");
    const subs = await call({ url: ready.url, caPem }, "GET", "/subscriptions?api-version=2022-12-01");
    assert.equal(subs.status, 200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    assert.match(stderr(), /GET \/subscriptions\?api-version=2022-12-01 -> 200/);
    assert.equal(existsSync(ready.ca), false, "the temp CA dir is removed on exit");
  });

  it("takes --latency, --page-size and exits 0 on SIGINT", async () => {
    const { child, ready } = await launch(["--port=0", "--page-size", "1", "--latency", "5", "--quiet"]);
    const page = await call(
      { url: ready.url, caPem: readFileSync(ready.ca, "utf8") },
      "GET",
      "/tenants?api-version=2022-12-01",
    );
    assert.equal((page.json as { value: unknown[]; nextLink?: string }).value.length, 1);
    assert.ok((page.json as { nextLink?: string }).nextLink?.startsWith(ready.url));
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
  });

  it("exits 2 with a message on an unknown option", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--bogus"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(child, "exit");
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option --bogus/);
  });
});
