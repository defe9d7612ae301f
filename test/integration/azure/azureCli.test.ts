// @azure/identity's AzureCliCredential with the fake `az` from test/fixtures/fake-az: the "azureCli"
// authentication mode and the real-VS-Code tests rely on this exact command line and JSON.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { AzureCliCredential } from "@azure/identity";
import { cloudByName } from "../../../src/azure/cloud";
import { toJitError } from "../../../src/azure/errors";
import { createJitApi } from "../../../src/azure/jit";
import { startHarness, type Harness } from "../../support/azureHarness";

const fakeAzDir = resolve(__dirname, "../../fixtures/fake-az");
const PROD = "00000000-0000-0000-0000-00000000000a";

let h: Harness;
let work: string;
let logFile: string;
const saved = { PATH: process.env.PATH, FAKE_AZ_LOG: process.env.FAKE_AZ_LOG, FAKE_AZ_MODE: process.env.FAKE_AZ_MODE };

function invocations(): string[][] {
  return readFileSync(logFile, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { args: string[] }).args);
}

describe("AzureCliCredential with the fake az", () => {
  before(async () => {
    h = await startHarness();
    work = mkdtempSync(join(tmpdir(), "fake-az-test-"));
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

  it("gets a token with the CLI's exact command line, per tenant", async () => {
    const token = await new AzureCliCredential({ tenantId: "10000000-0000-4000-8000-000000000001" }).getToken(
      "https://management.usgovcloudapi.net/.default",
    );
    assert.equal(token.token, "fake-cli-token");
    assert.ok(token.expiresOnTimestamp > Date.now());
    assert.deepEqual(invocations().at(-1), [
      "account",
      "get-access-token",
      "--output",
      "json",
      "--resource",
      "https://management.usgovcloudapi.net",
      "--tenant",
      "10000000-0000-4000-8000-000000000001",
    ]);
  });

  it("logged out: CredentialUnavailableError, classified as notSignedIn", async () => {
    process.env.FAKE_AZ_MODE = "logged-out";
    try {
      const error = await new AzureCliCredential().getToken("https://management.azure.com/.default").then(
        () => assert.fail("expected no token"),
        (e: unknown) => e as Error,
      );
      assert.equal(error.name, "CredentialUnavailableError");
      assert.match(error.message, /az login/);
      assert.equal(toJitError(error, "read").kind, "notSignedIn");
    } finally {
      delete process.env.FAKE_AZ_MODE;
    }
  });

  it("drives the JIT client against the emulator as a custom cloud", async () => {
    const settings = h.newSettings({ credential: new AzureCliCredential(), cloud: cloudByName("custom", `${h.url}/`) });
    const policies = await createJitApi(settings).listPolicies(PROD);
    assert.equal(policies.length, 4);
    assert.deepEqual(invocations().at(-1), ["account", "get-access-token", "--output", "json", "--resource", h.url]);
  });

  it("a logged-out CLI makes the JIT call fail as notSignedIn, not as a network error", async () => {
    process.env.FAKE_AZ_MODE = "logged-out";
    try {
      const settings = h.newSettings({ credential: new AzureCliCredential() });
      await assert.rejects(
        createJitApi(settings).listPolicies(PROD),
        (e: { error?: { kind?: string } }) => e.error?.kind === "notSignedIn",
      );
    } finally {
      delete process.env.FAKE_AZ_MODE;
    }
  });
});
