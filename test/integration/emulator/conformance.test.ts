// Replays real Azure recordings (test/fixtures/recordings, see SOURCES.md there) against the emulator and
// compares what comes back: bodies byte for byte (timestamps masked where real time must differ), status
// codes, key order, Content-Length = compact serialization, and the header names the real service sends.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call, type EmulatorResponse } from "../../../emulator/testClient";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Entry {
  RequestUri: string;
  RequestMethod: string;
  RequestBody: unknown;
  StatusCode: number;
  ResponseHeaders: Record<string, string | string[]>;
  ResponseBody: unknown;
}

const FIXTURES = join(__dirname, "..", "..", "fixtures", "recordings");
function entries(file: string): Entry[] {
  const all = (JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as { Entries: Entry[] }).Entries;
  return all.filter((e) => /jitNetworkAccessPolicies/i.test(e.RequestUri));
}
const asJson = (b: unknown): unknown => (typeof b === "string" ? (b ? JSON.parse(b) : undefined) : (b ?? undefined));
const compact = (b: unknown): string => (asJson(b) === undefined ? "" : JSON.stringify(asJson(b)));
const pathOf = (uri: string) => uri.replace(/^https:\/\/management\.azure\.com/, "");
const header = (h: Entry["ResponseHeaders"], name: string): string | undefined => {
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : h[key];
  return Array.isArray(v) ? v.join(",") : v;
};
const maskTimes = (text: string) => text.replace(/"(startTimeUtc|endTimeUtc)":"[^"]+"/g, '"$1":"T"');
/** Status is time-dependent too: the recording's list was taken seconds after its initiate. */
const maskStatus = (text: string) => text.replace(/"status":"(Initiating|Initiated)"/g, '"status":"S"');

// The recordings' own subscriptions and resource groups, so ids match without rewriting.
const SCENARIO = {
  name: "recordings",
  requestor: "",
  tenants: [
    {
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      displayName: "Recorded",
      defaultDomain: "recorded.onmicrosoft.com",
    },
  ],
  subscriptions: [
    {
      subscriptionId: "487bb485-b5b0-471e-9c0d-10717612f869",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      displayName: "PowerShell tests",
    },
    {
      subscriptionId: "db1ab6f0-4769-4b27-930e-01e2ef9c123c",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      displayName: ".NET tests",
    },
  ],
  resourceGroups: [
    { subscriptionId: "487bb485-b5b0-471e-9c0d-10717612f869", name: "myService1", location: "centralus" },
    { subscriptionId: "db1ab6f0-4769-4b27-930e-01e2ef9c123c", name: "SecurityCenterRG8749", location: "centralus" },
    { subscriptionId: "db1ab6f0-4769-4b27-930e-01e2ef9c123c", name: "SecurityCenterRG9054", location: "centralus" },
  ],
  vms: [],
  policies: [],
};

describe("conformance with real Azure recordings", () => {
  let emu: RunningEmulator;
  let dir: string;
  const replay = (e: Entry, body?: unknown): Promise<EmulatorResponse> =>
    call(emu, e.RequestMethod, pathOf(e.RequestUri), { body: body ?? asJson(e.RequestBody) });

  function assertLikeRecorded(e: Entry, r: EmulatorResponse, label: string): void {
    assert.equal(r.status, e.StatusCode, `${label}: status`);
    const skip = new Set(["transfer-encoding", "vary", "x-ms-original-request-ids"]);
    for (const name of Object.keys(e.ResponseHeaders)) {
      if (skip.has(name.toLowerCase())) continue;
      assert.ok(r.headers[name.toLowerCase()] !== undefined, `${label}: header ${name} is missing`);
    }
    for (const h of [
      "x-ms-ratelimit-remaining-subscription-resource-requests",
      "x-ms-ratelimit-remaining-subscription-writes",
      "x-ms-ratelimit-remaining-subscription-deletes",
    ]) {
      assert.equal(r.headers[h] !== undefined, header(e.ResponseHeaders, h) !== undefined, `${label}: ${h}`);
    }
    assert.equal(
      r.headers["x-ms-ratelimit-remaining-subscription-reads"],
      undefined,
      `${label}: JIT never sends -reads`,
    );
    if (header(e.ResponseHeaders, "x-ms-request-id") === "")
      assert.equal(r.headers["x-ms-request-id"], "", `${label}: empty x-ms-request-id`);
    assert.match(String(r.headers["x-ms-correlation-request-id"]), /^[0-9a-f-]{36}$/, `${label}: correlation id`);
    assert.match(
      String(r.headers["x-ms-routing-request-id"]),
      /^[A-Z]+:\d{8}T\d{6}Z:[0-9a-f-]{36}$/,
      `${label}: routing id`,
    );
    assert.equal(r.headers.server, "Kestrel");
    assert.equal(Number(r.headers["content-length"]), Buffer.byteLength(r.text), `${label}: Content-Length`);
    if (r.text) {
      assert.equal(r.text, JSON.stringify(JSON.parse(r.text)), `${label}: compact JSON`);
      assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    } else {
      assert.equal(r.headers["content-type"], undefined, `${label}: no Content-Type on an empty body`);
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "jit-conformance-"));
    writeFileSync(join(dir, "scenario.json"), JSON.stringify(SCENARIO));
    emu = await startEmulator({ port: 0, scenario: join(dir, "scenario.json"), provisioningDelayMs: 60_000 });
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await call(emu, "POST", "/_emulator/reset", { auth: null });
  });

  it("2023 .NET: PUT, GET, DELETE and the 404 PolicyNotFound, byte for byte", async () => {
    const [put, get, del, notFound] = entries("Delete.jit-entries.json");
    for (const [e, label] of [
      [put, "PUT"],
      [get, "GET"],
      [del, "DELETE"],
      [notFound, "GET 404"],
    ] as const) {
      const r = await replay(e);
      assertLikeRecorded(e, r, label);
      assert.equal(r.text, compact(e.ResponseBody), `${label}: body`);
      assert.equal(
        r.headers["content-length"],
        header(e.ResponseHeaders, "Content-Length"),
        `${label}: Content-Length as recorded`,
      );
    }
  });

  it("2023 .NET: PUT then the resource-group + region list, byte for byte", async () => {
    const [put, list] = entries("GetAll.jit-entries.json");
    const empty = await replay(list);
    assert.equal(empty.text, '{"value":[]}', "an empty list is exactly 12 bytes (2020 CLI recording)");
    assertLikeRecorded(put, await replay(put), "PUT");
    const r = await replay(list);
    assertLikeRecorded(list, r, "list");
    assert.equal(r.text, compact(list.ResponseBody));
  });

  it("2020 PowerShell: GET right after PUT still says Updating, byte for byte", async () => {
    const [put, get] = entries("GetResourceGroupLevelResource.json");
    assert.equal((await replay(put)).text, compact(put.ResponseBody));
    const r = await replay(get);
    assertLikeRecorded(get, r, "GET");
    assert.equal(r.text, compact(get.ResponseBody));
  });

  it("2022 PowerShell: PUT 200 Updating/appendMode false, then initiate 202 Initiating in the real key order", async () => {
    const [put, post] = entries("StartResourceGroupLevelResource.json");
    const p = await replay(put);
    assertLikeRecorded(put, p, "PUT");
    assert.equal(p.text, compact(put.ResponseBody));
    const body = asJson(post.RequestBody) as Json;
    body.virtualMachines[0].ports[0].endTimeUtc = new Date(Date.now() + 2 * 3_600_000)
      .toISOString()
      .replace("Z", "1811Z");
    const r = await replay(post, body);
    assertLikeRecorded(post, r, "initiate");
    assert.equal(maskTimes(r.text), maskTimes(compact(post.ResponseBody)));
    const port = (r.json as Json).virtualMachines[0].ports[0];
    assert.deepEqual(Object.keys(port), [
      "number",
      "allowedSourceAddressPrefix",
      "endTimeUtc",
      "status",
      "statusReason",
    ]);
    assert.equal(
      port.endTimeUtc,
      body.virtualMachines[0].ports[0].endTimeUtc,
      "the client's 7-digit precision is kept",
    );
    assert.deepEqual(Object.keys(r.json as Json), ["virtualMachines", "startTimeUtc", "requestor"]);
  });

  it("2023 PowerShell: a PUT keeps the stored request; the subscription list matches the recording", async () => {
    const [put, list] = entries("GetSubscriptionScope.json");
    const recorded = asJson(list.ResponseBody) as Json;
    const request = recorded.value[0].properties.requests[0];
    await replay(put);
    const initiate = await call(
      emu,
      "POST",
      `${pathOf(put.RequestUri).split("?")[0]}/initiate?api-version=2020-01-01`,
      {
        body: {
          virtualMachines: [
            {
              id: request.virtualMachines[0].id,
              ports: [{ number: 22, allowedSourceAddressPrefix: "127.0.0.1", duration: "PT2H" }],
            },
          ],
        },
      },
    );
    assert.equal(initiate.status, 202);
    await call(emu, "POST", "/_emulator/clock", { body: { advanceSeconds: 8 }, auth: null });
    const again = await replay(put);
    assert.deepEqual((again.json as Json).properties.requests, [], "the PUT answer echoes an empty list");
    const r = await replay(list);
    assertLikeRecorded(list, r, "subscription list");
    assert.equal(maskStatus(maskTimes(r.text)), maskStatus(maskTimes(compact(list.ResponseBody))));
    assert.equal((r.json as Json).value[0].properties.requests[0].virtualMachines[0].ports[0].status, "Initiated");
    assert.ok(r.headers["x-ms-original-request-ids"] !== undefined, "subscription-level lists are fanned out");
    assert.equal(r.headers["x-ms-request-id"], r.headers["x-ms-correlation-request-id"]);
  });

  it("2022 PowerShell: DELETE answers 200 with an empty body and the deletes header", async () => {
    const [put, del] = entries("RemoveResourceGroupLevelResource.json");
    await replay(put);
    const r = await replay(del);
    assertLikeRecorded(del, r, "DELETE");
    assert.equal(r.text, "");
    assert.equal(r.headers["content-length"], "0");
  });

  it("keeps the policy key order of the recordings (docs/azure-behaviour.md#wire-format)", async () => {
    const [put] = entries("StartResourceGroupLevelResource.json");
    const p = (await replay(put)).json as Json;
    assert.deepEqual(Object.keys(p), ["kind", "properties", "id", "name", "type", "location"]);
    assert.deepEqual(Object.keys(p.properties), ["virtualMachines", "requests", "provisioningState", "appendMode"]);
    assert.deepEqual(Object.keys(p.properties.virtualMachines[0].ports[0]), [
      "number",
      "protocol",
      "allowedSourceAddressPrefix",
      "maxRequestAccessDuration",
    ]);
  });
});
