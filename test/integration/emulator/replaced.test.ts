// The emulator can show "replaced by a newer request": a scenario field marks a port Revoked with a reason, and the
// opt-in supersede mode (start option or control endpoint) replaces the older request when a newer one initiates.
// The answers go through the extension's own wire mapper and access state, so "replaced" is what the tree would show.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";
import { demoScenario } from "../../../emulator/scenarios/demo";
import { toPolicy } from "../../../src/azure/jit";
import { portAccess } from "../../../src/core/accessState";

const SUB = "00000000-0000-0000-0000-00000000000a";
const Q = "?api-version=2020-01-01";
const WEB = `/subscriptions/${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const vmId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/${name}`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function policy(emu: RunningEmulator) {
  const got = await call(emu, "GET", WEB + Q);
  assert.equal(got.status, 200);
  return toPolicy(got.json as Json as Parameters<typeof toPolicy>[0], { subscriptionId: SUB });
}
const initiate = (emu: RunningEmulator, vm: string, source: string) =>
  call(emu, "POST", `${WEB}/initiate${Q}`, {
    body: {
      virtualMachines: [
        { id: vmId(vm), ports: [{ number: 22, allowedSourceAddressPrefix: source, duration: "PT1H" }] },
      ],
    },
  });
const clock = async (emu: RunningEmulator) =>
  Date.parse(((await call(emu, "GET", "/_emulator/clock", { auth: null })).json as Json).now);
const ports22 = (p: Json, vm: string): Json[] =>
  (p.properties.requests as Json[]).flatMap((r) =>
    (r.virtualMachines as Json[])
      .filter((v) => v.id === vmId(vm))
      .flatMap((v) =>
        (v.ports as Json[]).filter((x) => x.number === 22).map((x) => ({ ...x, requestor: r.requestor })),
      ),
  );

describe("emulator: replaced requests, default off", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, initiateDelayMs: 0 });
  });
  after(() => emu.close());
  beforeEach(async () => {
    await call(emu, "POST", "/_emulator/reset", { auth: null });
  });

  it("leaves an older request in force by default, as recorded: both overlapping requests stay Initiated", async () => {
    // bob's request for web-02:22 (30 min ago, 3 h) is in force; a newer one from another source does not end it.
    assert.equal((await initiate(emu, "web-02", "203.0.113.10")).status, 202);
    const raw = (await call(emu, "GET", WEB + Q)).json as Json;
    const states = ports22(raw, "web-02")
      .map((p) => `${p.requestor}:${p.status}/${p.statusReason}`)
      .sort();
    assert.deepEqual(states, [
      "bob@contoso.com:Initiated/UserRequested",
      "jit.user@contoso.com:Initiated/UserRequested",
    ]);
    assert.deepEqual((await call(emu, "GET", "/_emulator/supersede", { auth: null })).json as Json, { enabled: false });
  });

  it("turns supersede on by the control endpoint: the older port becomes Revoked/NewerRequestInitiated, its end kept", async () => {
    const before = ports22((await call(emu, "GET", WEB + Q)).json as Json, "web-02")[0];
    const on = await call(emu, "POST", "/_emulator/supersede", { body: { enabled: true }, auth: null });
    assert.equal(on.status, 200);
    assert.deepEqual(on.json, { enabled: true });
    assert.equal((await initiate(emu, "web-02", "203.0.113.10")).status, 202);
    const raw = (await call(emu, "GET", WEB + Q)).json as Json;
    const bob = ports22(raw, "web-02").find((p) => p.requestor === "bob@contoso.com");
    assert.equal(bob?.status, "Revoked");
    assert.equal(bob?.statusReason, "NewerRequestInitiated");
    assert.equal(bob?.endTimeUtc, before?.endTimeUtc);
    // The extension reads it as "replaced" for bob, and as open for the newer requestor.
    const now = await clock(emu);
    const p = await policy(emu);
    assert.equal(portAccess(p, vmId("web-02"), 22, now, { requestor: "BOB@contoso.com" }).kind, "replaced");
    assert.equal(portAccess(p, vmId("web-02"), 22, now, { requestor: "jit.user@contoso.com" }).kind, "open");
    assert.equal(portAccess(p, vmId("web-02"), 22, now).kind, "open", "the latest request decides without me");
    // Its NSG allow rule is gone; the newer one's is there.
    const nsg = (
      (await call(emu, "GET", `/_emulator/nsg?vmId=${encodeURIComponent(vmId("web-02"))}`, { auth: null })).json as Json
    ).value[0];
    const allows = (nsg.rules as Json[])
      .filter((r) => r.properties.access === "Allow")
      .map((r) => r.properties.sourceAddressPrefix);
    assert.deepEqual(allows, ["203.0.113.10"]);
  });

  it("does not touch an expired older request, nor other ports or VMs", async () => {
    await call(emu, "POST", "/_emulator/supersede", { body: { enabled: true }, auth: null });
    assert.equal((await initiate(emu, "web-01", "203.0.113.10")).status, 202);
    const raw = (await call(emu, "GET", WEB + Q)).json as Json;
    // web-01's earlier requests (2 days and 1 day ago) had ended: they stay Expired.
    const older = ports22(raw, "web-01").filter(
      (p) => p.requestor !== "jit.user@contoso.com" || p.status !== "Initiated",
    );
    assert.ok(older.length >= 2);
    for (const p of older) assert.deepEqual([p.status, p.statusReason], ["Revoked", "Expired"]);
    assert.equal(ports22(raw, "web-02")[0]?.status, "Initiated", "bob's web-02 request is another VM");
  });

  it("rejects a bad control body, naming the field; reset returns to the start option", async () => {
    const bad = await call(emu, "POST", "/_emulator/supersede", { body: { enabled: "yes" }, auth: null });
    assert.equal(bad.status, 400);
    assert.match((bad.json as Json).error.message, /'enabled'/);
    await call(emu, "POST", "/_emulator/supersede", { body: { enabled: true }, auth: null });
    await call(emu, "POST", "/_emulator/reset", { auth: null });
    assert.deepEqual((await call(emu, "GET", "/_emulator/supersede", { auth: null })).json, { enabled: false });
  });
});

describe("emulator: supersede as a start option", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, initiateDelayMs: 0, supersede: true });
  });
  after(() => emu.close());

  it("is on from the start and after a reset", async () => {
    assert.deepEqual((await call(emu, "GET", "/_emulator/supersede", { auth: null })).json, { enabled: true });
    await call(emu, "POST", "/_emulator/reset", { auth: null });
    assert.deepEqual((await call(emu, "GET", "/_emulator/supersede", { auth: null })).json, { enabled: true });
    assert.equal((await initiate(emu, "web-02", "203.0.113.10")).status, 202);
    const bob = ports22((await call(emu, "GET", WEB + Q)).json as Json, "web-02").find(
      (p) => p.requestor === "bob@contoso.com",
    );
    assert.equal(bob?.statusReason, "NewerRequestInitiated");
  });
});

describe("emulator: the scenario field revokedReason", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "jit-replaced-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function scenarioWith(reason: unknown): string {
    const def = structuredClone(demoScenario()) as Json;
    const web = (def.policies as Json[]).find((p) => p.resourceGroup === "rg-web-prod" && p.location === "westeurope");
    const bob = (web?.requests as Json[]).find((r) => r.requestor === "bob@contoso.com");
    assert.ok(bob, "the demo scenario has bob's web-02 request");
    bob.virtualMachines[0].ports[0].revokedReason = reason;
    const file = join(dir, `scenario-${String(reason)}.json`);
    writeFileSync(file, JSON.stringify(def));
    return file;
  }

  for (const [reason, kind] of [
    ["NewerRequestInitiated", "replaced"],
    ["UserRequested", "revoked"],
  ] as const) {
    it(`marks the port Revoked/${reason} from load on, and the extension reads it as ${kind}`, async () => {
      const emu = await startEmulator({ port: 0, scenario: scenarioWith(reason) });
      try {
        const bob = ports22((await call(emu, "GET", WEB + Q)).json as Json, "web-02")[0];
        assert.deepEqual([bob?.status, bob?.statusReason], ["Revoked", reason]);
        const nsg = (
          (await call(emu, "GET", `/_emulator/nsg?vmId=${encodeURIComponent(vmId("web-02"))}`, { auth: null }))
            .json as Json
        ).value[0];
        assert.equal(
          (nsg?.rules as Json[] | undefined)?.some((r) => r.properties.access === "Allow") ?? false,
          false,
          "no allow rule for a revoked port",
        );
        assert.equal(portAccess(await policy(emu), vmId("web-02"), 22, await clock(emu)).kind, kind);
      } finally {
        await emu.close();
      }
    });
  }

  it("refuses an unknown reason, naming the policy, VM, port and the allowed values", async () => {
    await assert.rejects(
      startEmulator({ port: 0, scenario: scenarioWith("Superseded") }),
      /policy 'default', VM 'web-02', port 22: 'revokedReason' must be one of NewerRequestInitiated, UserRequested \(got "Superseded"\)/,
    );
  });
});
