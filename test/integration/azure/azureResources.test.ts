// Tenants, subscriptions (plain GETs through a core-client ServiceClient, validated and paged in src/azure) and the VM → NIC → public IP
// chain (GETs by id) against the emulator.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createJitApi } from "../../../src/azure/jit";
import { listSubscriptions, listTenants } from "../../../src/azure/subscriptions";
import { createVmAddressResolver, listVirtualMachines } from "../../../src/azure/vmAddress";
import { startHarness, type Harness } from "../../support/azureHarness";

const PROD = "00000000-0000-0000-0000-00000000000a";
const vm = (rg: string, name: string) =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;

let h: Harness;

describe("azure subscriptions and VM addresses against the emulator", () => {
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
    h.logs.length = 0;
    h.tokenRequests.length = 0;
  });

  it("lists tenants and subscriptions, asking for a token for the configured cloud", async () => {
    const settings = h.newSettings();
    const tenants = await listTenants(settings);
    assert.deepEqual(
      tenants.map((t) => [t.tenantId, t.displayName, t.defaultDomain]),
      [
        ["10000000-0000-4000-8000-000000000001", "Contoso", "contoso.onmicrosoft.com"],
        ["20000000-0000-4000-8000-000000000002", "Fabrikam", "fabrikam.onmicrosoft.com"],
      ],
    );
    const subscriptions = await listSubscriptions(settings);
    assert.deepEqual(
      subscriptions.map((s) => s.displayName),
      ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"],
    );
    assert.equal(subscriptions[2]!.tenantId, "20000000-0000-4000-8000-000000000002");
    // The custom cloud's own audience, not the SDK's public-ARM default (docs/azure-behaviour.md#token-scope).
    assert.ok(h.tokenRequests.length > 0);
    assert.ok(h.tokenRequests.every((r) => r.scopes.length === 1 && r.scopes[0] === `${h.url}/.default`));
    assert.ok(h.logs.some((l) => l.path === "/tenants?api-version=2022-12-01"));
  });

  it("resolves VM → NIC → public IP, and caches it", async () => {
    const resolver = createVmAddressResolver(h.newSettings());
    const web01 = vm("rg-web-prod", "web-01");
    const address = await resolver.resolve(web01);
    assert.deepEqual(address, {
      vmId: web01,
      adminUsername: "azureuser",
      osType: "Linux",
      privateIp: "10.1.0.4",
      publicIp: "20.61.10.4",
      fqdn: "web-01-contoso.westeurope.cloudapp.azure.com",
    });
    assert.deepEqual(
      h.logs.map((l) => l.path.split("?")[0]!.split("/").slice(-2).join("/")),
      ["virtualMachines/web-01", "networkInterfaces/web-01-nic", "publicIPAddresses/web-01-ip"],
    );
    assert.ok(
      h.logs.every((l) => l.path.startsWith("/subscriptions/")),
      "no double slash before subscriptions",
    );
    assert.match(h.logs[0]!.path, /api-version=2024-07-01/);
    assert.match(h.logs[1]!.path, /api-version=2024-05-01/);

    const again = await Promise.all([resolver.resolve(web01), resolver.resolve(web01.toUpperCase())]);
    assert.equal(again[0]!.publicIp, "20.61.10.4");
    assert.equal(h.logs.length, 3, "cached: no further calls");
    resolver.clear();
    await resolver.resolve(web01);
    assert.equal(h.logs.length, 6, "clear() forgets the cache");
  });

  it("resolves a Windows VM's admin user and a VM without a public IP", async () => {
    const resolver = createVmAddressResolver(h.newSettings());
    const win = await resolver.resolve(vm("rg-web-prod", "win-app-01"));
    assert.equal(win.osType, "Windows");
    assert.equal(win.adminUsername, "azureadmin");

    const internal = await resolver.resolve(vm("rg-hub", "internal-01"));
    assert.equal(internal.privateIp, "10.0.2.4");
    assert.equal(internal.publicIp, undefined);
    assert.equal(h.logs.filter((l) => l.path.includes("publicIPAddresses")).length, 1, "no public IP call without one");
  });

  it("a firewall-fronted VM: no public IP of its own, the policy carries the firewall's", async () => {
    const settings = h.newSettings();
    const jumpboxId = vm("rg-hub", "jumpbox-01");
    const address = await createVmAddressResolver(settings).resolve(jumpboxId);
    assert.equal(address.publicIp, undefined);
    assert.equal(address.privateIp, "10.0.1.4");
    const policy = await createJitApi(settings).getPolicy({
      subscriptionId: PROD,
      resourceGroup: "rg-hub",
      location: "westeurope",
      name: "default",
    });
    assert.equal(policy.virtualMachines.find((v) => v.id === jumpboxId)!.publicIpAddress, "20.61.99.1");
  });

  it("leaves opaque (non-ARM) VM ids unresolved without calling Azure", async () => {
    const opaque = "aws-ec2-instance-i-0abc-us-east-1";
    assert.deepEqual(await createVmAddressResolver(h.newSettings()).resolve(opaque), { vmId: opaque });
    assert.equal(h.logs.length, 0);
  });

  it("reports a VM that does not exist as notFound and does not cache the failure", async () => {
    const resolver = createVmAddressResolver(h.newSettings());
    const ghost = vm("rg-web-prod", "ghost-99");
    await assert.rejects(resolver.resolve(ghost), (e: { error?: { kind?: string } }) => e.error?.kind === "notFound");
    await assert.rejects(resolver.resolve(ghost));
    assert.equal(h.logs.length, 2, "the second resolve asked again");
  });

  it("lists a subscription's VMs with their OS", async () => {
    const vms = await listVirtualMachines(h.newSettings(), PROD);
    assert.equal(vms.length, 9);
    const win = vms.find((v) => v.name === "legacy-win-01")!;
    assert.equal(win.osType, "Windows");
    assert.equal(win.location, "westeurope");
    assert.equal(win.id, vm("rg-tools", "legacy-win-01"));
  });
});
