// ARM-like read limits in the emulator (emulator/rateLimits.ts) against the real SDK pipeline: a subscription
// read past its bucket gets ARM's 429 with Retry-After, and the read window (src/azure/readPacer.ts) slows a
// subscription whose remaining-reads header runs low, so a load bigger than the bucket never draws the 429.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { cloudByName } from "../../../src/azure/cloud";
import type { ArmSettings } from "../../../src/azure/clientOptions";
import { newConnections } from "../../../src/azure/connections";
import { MAX_READS_IN_FLIGHT } from "../../../src/azure/readPacer";
import { listSubscriptions } from "../../../src/azure/subscriptions";
import { listVirtualMachines } from "../../../src/azure/vmAddress";

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: "fake-token-for-tests", expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

let emulator: RunningEmulator;

/**
 * 2 subscriptions × 30 policies, one per page: 30 reads per subscription against a bucket of 20 refilled at 0.5/s, so
 * the 429 comes however slowly a loaded machine sends the reads (40 reads would need 40 s to stay under it).
 */
const start = () =>
  startEmulator({
    port: 0,
    scenario: "scale:2:30:1",
    pageSize: 1,
    quiet: true,
    readLimits: { subscriptionReads: { size: 20, refillPerSecond: 0.5 } },
  });

function settings(): ArmSettings {
  return {
    cloud: cloudByName("custom", emulator.url),
    credential,
    userAgentPrefix: "azure-jit-access/0.1.0-test",
    caPem: emulator.caPem,
    connections: newConnections(),
  };
}

describe("ARM read limits", () => {
  before(async () => {
    emulator = await start();
  });
  after(() => emulator.close());

  it("answers each read with the remaining count, and a read past the bucket with ARM's 429", async () => {
    const s = (await listSubscriptions(settings()))[0]!;
    const url = `${emulator.url}/subscriptions/${s.subscriptionId}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`;
    const { Agent, request } = await import("node:https");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = request(url, { agent, ca: emulator.caPem, headers: { authorization: "Bearer x" } }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      });
    const first = await get();
    assert.equal(first.headers["x-ms-ratelimit-remaining-subscription-reads"], "19");
    // 40 more back to back over one kept-alive socket against the 19 left: the bucket refills at 0.5/s, far slower
    // than they arrive.
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await get());
    agent.destroy();
    const last = answers.find((a) => a.status === 429);
    assert.ok(last, `a 429 among ${answers.map((a) => a.status).join(",")}`);
    assert.match(String(last.headers["retry-after"]), /^\d+$/);
    assert.equal((JSON.parse(last.body) as { error: { code: string } }).error.code, "SubscriptionRequestsThrottled");
  });

  it("a subscription whose remaining reads run low is slowed instead of drawing a 429", async () => {
    await emulator.close();
    // One subscription's VM list, 8 pages one after another, a bucket of 3 refilled at 2/s: back to back, the
    // fourth page would be refused with Retry-After.
    emulator = await startEmulator({
      port: 0,
      scenario: "scale:1:8:1",
      pageSize: 1,
      quiet: true,
      readLimits: { subscriptionReads: { size: 3, refillPerSecond: 2 } },
    });
    const own = settings();
    const [subscription] = await listSubscriptions(own);
    const vms = await listVirtualMachines(own, subscription!.subscriptionId);
    assert.equal(vms.length, 8);
    assert.equal(emulator.throttled(), 0, "no read was refused");
    assert.equal(own.connections!.pacer.throttled, 0);
    assert.equal(own.connections!.pacer.limit, MAX_READS_IN_FLIGHT, "the window never had to narrow");
  });
});
