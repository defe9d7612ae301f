// The network simulation's CLI flags: --egress-ip and --nsg-delay reach the gate, a bad value stops the emulator
// with a message naming the flag and the rule.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { call } from "../../../emulator/testClient";

describe("emulator CLI: --network", () => {
  it("starts the simulation with the egress IP and NSG delay given", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "emulator/main.ts",
        "--port",
        "0",
        "--quiet",
        "--egress-ip",
        "198.51.100.7",
        "--nsg-delay",
        "1500",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      const ready = JSON.parse(line) as { url: string; ca: string };
      const n = await call({ url: ready.url, caPem: readFileSync(ready.ca, "utf8") }, "GET", "/_emulator/network", {
        auth: null,
      });
      assert.equal((n.json as { enabled: boolean }).enabled, true);
      assert.equal((n.json as { egressIp: string }).egressIp, "198.51.100.7");
      assert.equal((n.json as { nsgDelayMs: number }).nsgDelayMs, 1500);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("refuses a bad value before starting, naming the flag and the rule", () => {
    for (const [flag, value, rule] of [
      ["--egress-ip", "198.51.100.0/24", /--egress-ip must be an IPv4 address/],
      ["--nsg-delay", "-5", /--nsg-delay must be a whole number of milliseconds/],
      ["--ssh-target", "127.0.0.1", /--ssh-target must be HOST:PORT/],
    ] as const) {
      const r = spawnSync(process.execPath, ["--import", "tsx", "emulator/main.ts", "--port", "0", flag, value], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(r.status, 2, `${flag} ${value}`);
      assert.match(r.stderr, rule);
    }
  });
});
