// Tenants, subscriptions, locations, VM/NIC/public-IP reads, authentication and unknown paths.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const V = "?api-version=2022-12-01";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fakeJwt = (claims: Json) => ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "sig"].join(".");

describe("emulator ARM and compute endpoints", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0 });
  });
  after(() => emu.close());

  it("lists tenants and subscriptions in the 2022-12-01 shapes", async () => {
    const tenants = (await call(emu, "GET", `/tenants${V}`)).json as Json;
    assert.deepEqual(
      tenants.value.map((t: Json) => [t.tenantId, t.displayName, t.defaultDomain]),
      [
        ["10000000-0000-4000-8000-000000000001", "Contoso", "contoso.onmicrosoft.com"],
        ["20000000-0000-4000-8000-000000000002", "Fabrikam", "fabrikam.onmicrosoft.com"],
      ],
    );
    const subs = (await call(emu, "GET", `/subscriptions${V}`)).json as Json;
    assert.deepEqual(
      subs.value.map((s: Json) => [s.subscriptionId, s.displayName, s.state]),
      [
        [SUB_A, "Contoso Production", "Enabled"],
        ["00000000-0000-0000-0000-00000000000b", "Contoso Sandbox", "Enabled"],
        ["00000000-0000-0000-0000-00000000000c", "Fabrikam Engineering", "Enabled"],
      ],
    );
    assert.equal(subs.value[0].id, `/subscriptions/${SUB_A}`);
    assert.equal(subs.value[2].tenantId, "20000000-0000-4000-8000-000000000002");
  });

  it("scopes subscriptions to a JWT's tenant and takes its upn as requestor", async () => {
    const token = fakeJwt({ tid: "20000000-0000-4000-8000-000000000002", upn: "someone@fabrikam.com" });
    const subs = (await call(emu, "GET", `/subscriptions${V}`, { auth: `Bearer ${token}` })).json as Json;
    assert.deepEqual(
      subs.value.map((s: Json) => s.displayName),
      ["Fabrikam Engineering"],
    );
    const policy =
      "/subscriptions/00000000-0000-0000-0000-00000000000c/resourceGroups/rg-dev/providers/Microsoft.Security/locations/eastus/jitNetworkAccessPolicies/default";
    const vm =
      "/subscriptions/00000000-0000-0000-0000-00000000000c/resourceGroups/rg-dev/providers/Microsoft.Compute/virtualMachines/dev-box-01";
    const r = await call(emu, "POST", `${policy}/initiate?api-version=2020-01-01`, {
      auth: `Bearer ${token}`,
      body: { virtualMachines: [{ id: vm, ports: [{ number: 22, duration: "PT1H" }] }] },
    });
    assert.equal((r.json as Json).requestor, "someone@fabrikam.com");
  });

  it("gets one subscription and its locations", async () => {
    const sub = await call(emu, "GET", `/subscriptions/${SUB_A}${V}`);
    assert.equal((sub.json as Json).displayName, "Contoso Production");
    const locs = (await call(emu, "GET", `/subscriptions/${SUB_A}/locations${V}`)).json as Json;
    const we = locs.value.find((l: Json) => l.name === "westeurope");
    assert.equal(we.displayName, "West Europe");
    assert.equal(we.regionalDisplayName, "(Europe) West Europe");
    const missing = await call(emu, "GET", `/subscriptions/99999999-9999-9999-9999-999999999999${V}`);
    assert.equal((missing.json as Json).error.code, "SubscriptionNotFound");
  });

  it("resolves VM → NIC → public IP by id, tolerating a leading //", async () => {
    const vm = (
      await call(
        emu,
        "GET",
        `//subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01?api-version=2024-07-01`,
      )
    ).json as Json;
    assert.equal(vm.properties.osProfile.adminUsername, "azureuser");
    assert.equal(vm.properties.storageProfile.osDisk.osType, "Linux");
    const nicId = vm.properties.networkProfile.networkInterfaces[0].id;
    const nic = (await call(emu, "GET", `/${nicId}?api-version=2024-05-01`)).json as Json;
    const ip = nic.properties.ipConfigurations[0].properties;
    assert.equal(ip.privateIPAddress, "10.1.0.4");
    const pip = (await call(emu, "GET", `/${ip.publicIPAddress.id}?api-version=2024-05-01`)).json as Json;
    assert.equal(pip.properties.ipAddress, "20.61.10.4");
    assert.equal(pip.properties.dnsSettings.fqdn, "web-01-contoso.westeurope.cloudapp.azure.com");
    const win = (
      await call(
        emu,
        "GET",
        `/subscriptions/${SUB_A}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/win-app-01?api-version=2024-07-01`,
      )
    ).json as Json;
    assert.deepEqual(
      [win.properties.storageProfile.osDisk.osType, win.properties.osProfile.adminUsername],
      ["Windows", "azureadmin"],
    );
  });

  it("has no public IP for internal VMs and answers ARM's ResourceNotFound", async () => {
    const nic = (
      await call(
        emu,
        "GET",
        `/subscriptions/${SUB_A}/resourceGroups/rg-hub/providers/Microsoft.Network/networkInterfaces/internal-01-nic?api-version=2024-05-01`,
      )
    ).json as Json;
    assert.equal(nic.properties.ipConfigurations[0].properties.publicIPAddress, undefined);
    const pip = await call(
      emu,
      "GET",
      `/subscriptions/${SUB_A}/resourceGroups/rg-hub/providers/Microsoft.Network/publicIPAddresses/internal-01-ip?api-version=2024-05-01`,
    );
    assert.equal(pip.status, 404);
    assert.equal((pip.json as Json).error.code, "ResourceNotFound");
    const vm = await call(
      emu,
      "GET",
      `/subscriptions/${SUB_A}/resourceGroups/rg-hub/providers/Microsoft.Compute/virtualMachines/ghost?api-version=2024-07-01`,
    );
    assert.match(
      (vm.json as Json).error.message,
      /^The Resource 'Microsoft.Compute\/virtualMachines\/ghost' under resource group 'rg-hub' was not found/,
    );
  });

  it("lists a subscription's VMs, including those in no policy", async () => {
    const vms = (
      await call(
        emu,
        "GET",
        `/subscriptions/${SUB_A}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
      )
    ).json as Json;
    const names = vms.value.map((v: Json) => v.name);
    assert.equal(names.length, 9);
    assert.ok(names.includes("build-agent-01") && names.includes("legacy-win-01"));
    const rg = (
      await call(
        emu,
        "GET",
        `/subscriptions/${SUB_A}/resourceGroups/rg-hub/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
      )
    ).json as Json;
    assert.deepEqual(
      rg.value.map((v: Json) => v.name),
      ["jumpbox-01", "internal-01"],
    );
  });

  it("answers ARM's 401 without a bearer header and accepts any bearer token", async () => {
    const none = await call(emu, "GET", `/subscriptions${V}`, { auth: null });
    assert.equal(none.status, 401);
    assert.equal(
      none.text,
      `{"error":{"code":"AuthenticationFailed","message":"Authentication failed. The 'Authorization' header is missing."}}`,
    );
    assert.ok(String(none.headers["www-authenticate"]).startsWith("Bearer "));
    const basic = await call(emu, "GET", `/subscriptions${V}`, { auth: "Basic abc" });
    assert.equal(basic.status, 401);
    assert.equal((await call(emu, "GET", `/subscriptions${V}`, { auth: "Bearer anything-at-all" })).status, 200);
  });

  it("answers unknown paths with ARM's 404 shape and missing api-versions with 400", async () => {
    const r = await call(emu, "GET", `/subscriptions/${SUB_A}/providers/Microsoft.Foo/bars?api-version=1`);
    assert.equal(r.status, 404);
    assert.equal(typeof (r.json as Json).error.code, "string");
    assert.equal(typeof (r.json as Json).error.message, "string");
    const nov = await call(emu, "GET", "/subscriptions");
    assert.deepEqual([nov.status, (nov.json as Json).error.code], [400, "MissingApiVersionParameter"]);
  });
});
