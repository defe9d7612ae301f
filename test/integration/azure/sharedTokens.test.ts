// Azure CLI mode against the emulator with the real SDK and the fake `az` (test/fixtures/fake-az): every client of a
// tenant (the subscription list, each subscription's JIT client) shares one token, so one `az` process per tenant
// and scope, where each SDK client's own bearer policy used to run its own.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { TokenCredential } from "@azure/core-auth";
import { createCliCredential } from "../../../src/auth/cliCredential";
import { shareTokens } from "../../../src/auth/tokenCache";
import { createJitApi } from "../../../src/azure/jit";
import { loadPolicies } from "../../../src/azure/loader";
import { listSubscriptions } from "../../../src/azure/subscriptions";
import { startHarness, type Harness } from "../../support/azureHarness";

const SUBSCRIPTIONS = 12;
const fakeAzDir = resolve(__dirname, "../../fixtures/fake-az");

let h: Harness;
let work: string;
let logFile: string;
const saved = { PATH: process.env.PATH, FAKE_AZ_LOG: process.env.FAKE_AZ_LOG };

function spawns(): number {
  return readFileSync(logFile, "utf8").split("\n").filter(Boolean).length;
}

/** A tenant's whole load as the tree runs it: the subscription list, then every subscription's policies. */
async function loadTenant(credential: TokenCredential): Promise<number> {
  writeFileSync(logFile, "");
  const settings = h.newSettings({ credential });
  const subscriptions = await listSubscriptions(settings);
  const api = createJitApi(settings);
  const results = await loadPolicies(subscriptions, () => api, { concurrency: subscriptions.length });
  assert.equal(results.filter((r) => r.error).length, 0, JSON.stringify(results.find((r) => r.error)?.error));
  assert.equal(results.length, SUBSCRIPTIONS);
  return spawns();
}

describe("one Azure CLI token per tenant and scope", () => {
  before(async () => {
    h = await startHarness({ scenario: `scale:${SUBSCRIPTIONS}:1:1` });
    work = mkdtempSync(join(tmpdir(), "shared-tokens-"));
    logFile = join(work, "az.log");
    process.env.PATH = `${fakeAzDir}${delimiter}${process.env.PATH}`;
    process.env.FAKE_AZ_LOG = logFile;
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(work, { recursive: true, force: true });
    await h.close();
  });

  it(`runs az once for the subscription list and ${SUBSCRIPTIONS} subscriptions' policies`, async () => {
    assert.equal(await loadTenant(shareTokens(createCliCredential(undefined))), 1);
  });

  it("without sharing, each SDK client runs az itself (why the cache exists)", async () => {
    assert.ok(
      (await loadTenant(createCliCredential(undefined))) > SUBSCRIPTIONS,
      "one az per client, and one for the list",
    );
  });
});
