// Test controls (clock, faults, reset, request log), bad input that must never take the emulator down,
// and many concurrent requests with latency.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const LIST = `/subscriptions/${SUB_A}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`;
const WEB = `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("emulator controls and robustness", () => {
  let emu: RunningEmulator;
  const fault = (spec: Json) => call(emu, "POST", "/_emulator/faults", { body: spec, auth: null });
  before(async () => {
    emu = await startEmulator({ port: 0 });
  });
  after(() => emu.close());
  beforeEach(async () => {
    await call(emu, "POST", "/_emulator/reset", { auth: null });
  });

  it("advances the virtual clock and rejects a bad advance", async () => {
    const before = (await call(emu, "GET", "/_emulator/clock", { auth: null })).json as Json;
    assert.equal(before.offsetMs, 0);
    const r = await call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: 90 }, auth: null });
    assert.equal((r.json as Json).offsetMs, 90_000);
    const bad = await call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: "soon" }, auth: null });
    assert.equal(bad.status, 400);
    assert.match((bad.json as Json).error.message, /advanceSeconds/);
  });

  it("injects a status with an ARM error body for a count of calls", async () => {
    const added = await fault({ path: "jitNetworkAccessPolicies", method: "GET", status: 503, count: 1 });
    assert.equal(added.status, 201);
    const first = await call(emu, "GET", LIST);
    assert.equal(first.status, 503);
    assert.equal((first.json as Json).error.code, "ServiceUnavailable");
    assert.equal((await call(emu, "GET", LIST)).status, 200);
  });

  it("injects 429 with Retry-After, and only for the named method", async () => {
    await fault({ path: "/initiate$", method: "POST", status: 429, retryAfterSeconds: 7 });
    assert.equal((await call(emu, "GET", LIST)).status, 200);
    const body = {
      virtualMachines: [
        {
          id: `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`,
          ports: [{ number: 22, duration: "PT1H" }],
        },
      ],
    };
    const r = await call(emu, "POST", `${WEB}/initiate?api-version=2020-01-01`, { body });
    assert.equal(r.status, 429);
    assert.equal(r.headers["retry-after"], "7");
    assert.equal((r.json as Json).error.code, "TooManyRequests");
    const again = await call(emu, "POST", `${WEB}/initiate?api-version=2020-01-01`, { body });
    assert.equal(again.status, 429, "without a count the fault lasts until cleared");
    await call(emu, "DELETE", "/_emulator/faults", { auth: null });
    assert.equal((await call(emu, "POST", `${WEB}/initiate?api-version=2020-01-01`, { body })).status, 202);
  });

  it("can reset the connection or send malformed JSON", async () => {
    await fault({ path: "jitNetworkAccessPolicies", reset: true, count: 1 });
    await assert.rejects(
      call(emu, "GET", LIST),
      (e: NodeJS.ErrnoException) => ["ECONNRESET", "EPIPE"].includes(e.code ?? "") || /socket hang up/.test(e.message),
    );
    await fault({ path: "jitNetworkAccessPolicies", malformed: true, count: 1, code: "X", message: "Y" });
    const bad = await call(emu, "GET", LIST);
    assert.equal(bad.status, 200);
    assert.throws(() => JSON.parse(bad.text));
    const good = await call(emu, "GET", LIST);
    assert.equal(good.status, 200);
    const log = ((await call(emu, "GET", "/_emulator/requests", { auth: null })).json as Json).value;
    assert.deepEqual(
      log.map((e: Json) => e.status),
      ["reset", 200, 200],
    );
    assert.equal(typeof log[0].faultId, "number");
  });

  it("rejects a fault without an effect or with a bad pattern", async () => {
    const none = await fault({ path: "x" });
    assert.equal(none.status, 400);
    const pattern = await fault({ path: "(", status: 500 });
    assert.match((pattern.json as Json).error.message, /regular expression/);
    const status = await fault({ path: "x", status: "500" });
    assert.match((status.json as Json).error.message, /'status'/);
  });

  it("adds latency from a fault and still answers", async () => {
    await fault({ path: "jitNetworkAccessPolicies", latencyMs: 50, count: 1 });
    assert.equal((await call(emu, "GET", LIST)).status, 200);
    const log = ((await call(emu, "GET", "/_emulator/requests", { auth: null })).json as Json).value;
    assert.equal(log.length, 1);
  });

  it("logs requests with method, path, status, time and whether auth was present", async () => {
    await call(emu, "GET", LIST);
    await call(emu, "GET", LIST, { auth: null });
    const log = ((await call(emu, "GET", "/_emulator/requests", { auth: null })).json as Json).value;
    assert.equal(log.length, 2);
    assert.deepEqual([log[0].method, log[0].path, log[0].status, log[0].auth], ["GET", LIST.split("?")[0], 200, true]);
    assert.deepEqual([log[1].status, log[1].auth], [401, false]);
    assert.equal(log[0].query, "?api-version=2020-01-01");
    assert.ok(!Number.isNaN(Date.parse(log[0].time)));
  });

  it("resets to the scenario's initial state", async () => {
    await call(emu, "DELETE", `${WEB}?api-version=2020-01-01`);
    await call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: 60 }, auth: null });
    assert.equal((await call(emu, "GET", `${WEB}?api-version=2020-01-01`)).status, 404);
    await call(emu, "POST", "/_emulator/reset", { auth: null });
    const back = await call(emu, "GET", `${WEB}?api-version=2020-01-01`);
    assert.equal(back.status, 200);
    assert.equal((back.json as Json).properties.requests.length, 3);
    assert.equal(((await call(emu, "GET", "/_emulator/clock", { auth: null })).json as Json).offsetMs, 0);
  });

  it("answers malformed JSON, wrong types and oversized bodies with ARM-style 400s and stays up", async () => {
    const put = (rawBody: string | Buffer) => call(emu, "PUT", `${WEB}?api-version=2020-01-01`, { rawBody });
    const malformed = await put('{"kind": "Basic", "properties": {');
    assert.equal(malformed.status, 400);
    assert.equal((malformed.json as Json).error.code, "InvalidRequestContent");
    const array = await put("[1,2,3]");
    assert.equal(array.status, 400);
    const wrongTypes = await put(JSON.stringify({ kind: 7, properties: { virtualMachines: [] } }));
    assert.equal(wrongTypes.status, 400);
    assert.match((wrongTypes.json as Json).error.message, /'kind'/);
    const huge = await put(Buffer.alloc(2 * 1024 * 1024, 0x20));
    assert.equal(huge.status, 400);
    assert.match((huge.json as Json).error.message, /larger than the limit/);
    const initiate = await call(emu, "POST", `${WEB}/initiate?api-version=2020-01-01`, {
      body: { virtualMachines: [{ id: 5, ports: "22" }] },
    });
    assert.equal(initiate.status, 400);
    assert.match((initiate.json as Json).error.message, /virtualMachines\[0\]\.id/);
    const control = await call(emu, "POST", "/_emulator/faults", { rawBody: "{nope", auth: null });
    assert.equal(control.status, 400);
    assert.equal((await call(emu, "GET", LIST)).status, 200);
  });
});

describe("emulator under latency", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, latencyMs: 100, scenario: "scale:50:2:2" });
  });
  after(() => emu.close());

  it("answers 50 concurrent list calls", async () => {
    const subs = Array.from(
      { length: 50 },
      (_, i) => `5ca1e000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`,
    );
    const answers = await Promise.all(
      subs.map((s) =>
        call(
          emu,
          "GET",
          `/subscriptions/${s}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`,
        ),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.ok(answers.every((a) => (a.json as Json).value.length === 2));
  });
});

describe("emulator CA directory", () => {
  it("writes ca.pem into the given dir and keeps it on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jit-emu-dir-"));
    try {
      const emu = await startEmulator({ port: 0, dir: join(dir, "certs") });
      assert.equal(emu.caPath, join(dir, "certs", "ca.pem"));
      assert.equal(readFileSync(emu.caPath, "utf8"), emu.caPem);
      assert.match(emu.caPem, /^-----BEGIN CERTIFICATE-----/);
      await emu.close();
      assert.ok(existsSync(emu.caPath));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator scale scenario", () => {
  it("generates S × P × V VMs with VM resources", async () => {
    const emu = await startEmulator({ port: 0, scenario: "scale:3:4:5" });
    try {
      const sub = "5ca1e000-0000-4000-8000-000000000003";
      const policies = (
        await call(
          emu,
          "GET",
          `/subscriptions/${sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`,
        )
      ).json as Json;
      assert.equal(policies.value.length, 4);
      assert.equal(
        policies.value.reduce((n: number, p: Json) => n + p.properties.virtualMachines.length, 0),
        20,
      );
      const vms = (
        await call(
          emu,
          "GET",
          `/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
        )
      ).json as Json;
      assert.equal(vms.value.length, 20);
      assert.equal(emu.summary().subscriptions, 3);
    } finally {
      await emu.close();
    }
  });

  it("refuses a malformed scale spec", async () => {
    await assert.rejects(startEmulator({ port: 0, scenario: "scale:1:x:2" }), /scale:S:P:V/);
  });
});
