// src/azure/jit.ts against the emulator: the real arm-security 5 client over HTTPS, paging, mapping to core
// types, initiate and its error kinds, read-modify-write PUT and DELETE.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { JitFailure } from "../../../src/azure/errors";
import { createJitApi, type JitApi } from "../../../src/azure/jit";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { InitiateBody } from "../../../src/core/types";
import { startHarness, type Harness } from "../../support/azureHarness";

const PROD = "00000000-0000-0000-0000-00000000000a";
const webProd: PolicyRef = {
  subscriptionId: PROD,
  resourceGroup: "rg-web-prod",
  location: "westeurope",
  name: "default",
};
const web01 = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`;
const web02 = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-02`;
const winApp = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/win-app-01`;

let h: Harness;
let api: JitApi;

async function rejection(promise: Promise<unknown>): Promise<JitFailure> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof JitFailure, `expected a JitFailure, got ${String(e)}`);
    return e;
  }
  assert.fail("expected the call to fail");
}

function endIn(ms: number): string {
  return new Date(h.clock.now(Date.now()) + ms).toISOString();
}

function body(
  vmId: string,
  port: number,
  extra: { source?: string; ms?: number; justification?: string } = {},
): InitiateBody {
  return {
    virtualMachines: [
      {
        id: vmId,
        ports: [
          {
            number: port,
            endTimeUtc: endIn(extra.ms ?? 3_600_000),
            ...(extra.source !== undefined ? { allowedSourceAddressPrefix: extra.source } : {}),
          },
        ],
      },
    ],
    ...(extra.justification !== undefined ? { justification: extra.justification } : {}),
  };
}

describe("azure/jit against the emulator", () => {
  before(async () => {
    h = await startHarness({ pageSize: 2 });
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
    h.logs.length = 0;
    api = createJitApi(h.newSettings());
  });

  it("lists every policy of a subscription across pages and maps them to core types", async () => {
    const policies = await api.listPolicies(PROD);
    const keys = policies.map((p) => `${p.resourceGroup}/${p.location}/${p.name}`).sort();
    assert.deepEqual(keys, [
      "rg-data-prod/westeurope/jit-data",
      "rg-hub/westeurope/default",
      "rg-web-prod/northeurope/default",
      "rg-web-prod/westeurope/default",
    ]);
    // pageSize 2 → two GETs, the second following nextLink; the skip token is not logged.
    const gets = h.logs.filter((l) => l.path.includes("jitNetworkAccessPolicies"));
    assert.equal(gets.length, 2);
    assert.match(gets[1]!.path, /\$skipToken=…/);
    assert.ok(!gets.some((l) => /skipToken=\d/.test(l.path)));

    const data = policies.find((p) => p.name === "jit-data")!;
    assert.equal(data.subscriptionId, PROD);
    assert.equal(data.kind, "Basic");
    assert.deepEqual(data.virtualMachines[0]!.ports[0], {
      number: 22,
      protocol: "TCP",
      allowedSourceAddressPrefixes: ["198.51.100.0/24"],
      maxRequestAccessDuration: "PT1H",
    });
    const request = data.requests[0]!;
    assert.equal(typeof request.startTimeUtc, "number");
    assert.equal(request.requestor, "carol@contoso.com");
    const port = request.virtualMachines[0]!.ports[0]!;
    assert.equal(typeof port.endTimeUtc, "number");
    assert.equal(port.endTimeUtc - request.startTimeUtc, 60 * 60_000);
    assert.deepEqual(port.allowedSourceAddressPrefixes, ["198.51.100.0/24"]);

    const hub = policies.find((p) => p.resourceGroup === "rg-hub")!;
    assert.equal(hub.virtualMachines.find((vm) => vm.id.endsWith("jumpbox-01"))!.publicIpAddress, "20.61.99.1");
    assert.deepEqual(hub.requests, [], "requests default to []");
  });

  it("gets one policy with its requests", async () => {
    const policy = await api.getPolicy(webProd);
    assert.equal(
      policy.id.toLowerCase(),
      `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`.toLowerCase(),
    );
    assert.equal(policy.virtualMachines.length, 3);
    assert.equal(policy.requests.length, 3);
    assert.ok(policy.requests.some((r) => r.justification === "Investigating incident INC-1042"));
  });

  it("reports a missing policy as notFound", async () => {
    const failure = await rejection(api.getPolicy({ ...webProd, name: "no-such-policy" }));
    assert.equal(failure.error.kind, "notFound");
  });

  it("initiates access: 202 Initiating with the caller's IP, then the policy shows the request", async () => {
    const request = await api.initiate(webProd, body(web01, 22, { justification: "integration test" }));
    const port = request.virtualMachines[0]!.ports[0]!;
    assert.equal(port.status, "Initiating");
    assert.deepEqual(port.allowedSourceAddressPrefixes, ["203.0.113.10"], "omitted source = caller's public IP");
    assert.equal(request.justification, "integration test");
    const post = h.logs.find((l) => l.method === "POST")!;
    assert.equal(post.status, 202);

    const policy = await api.getPolicy(webProd);
    assert.equal(policy.requests.length, 4);
    assert.ok(policy.requests.some((r) => r.justification === "integration test"));
  });

  it("maps each initiate error to its kind", async () => {
    const notSubset = await rejection(api.initiate(webProd, body(web01, 23)));
    assert.equal(notSubset.error.kind, "notSubset");
    assert.match(notSubset.error.detail ?? notSubset.error.message, /not a subset of policy/);

    const ipv6 = await rejection(api.initiate(webProd, body(web01, 22, { source: "2001:db8::1" })));
    assert.equal(ipv6.error.kind, "ipv6");

    const missing = await rejection(api.initiate({ ...webProd, name: "gone" }, body(web01, 22)));
    assert.equal(missing.error.kind, "notFound");

    // The SDK always sends endTimeUtc, so the service's InvalidInitiateInput is injected to check its mapping.
    await h.control("POST", "/_emulator/faults", {
      path: "/initiate$",
      method: "POST",
      status: 400,
      code: "InvalidInitiateInput",
      message: "Only one of fields 'EndTimeUtc' and 'Duration' can be set.",
      count: 1,
    });
    const invalid = await rejection(api.initiate(webProd, body(web01, 22)));
    assert.equal(invalid.error.kind, "invalidInput");
  });

  it("rejects an endTimeUtc that is not an ISO date before sending anything", async () => {
    const bad: InitiateBody = { virtualMachines: [{ id: web01, ports: [{ number: 22, endTimeUtc: "tomorrow" }] }] };
    const failure = await rejection(api.initiate(webProd, bad));
    assert.equal(failure.error.kind, "invalidInput");
    assert.match(failure.error.message, /endTimeUtc/);
    assert.equal(h.logs.length, 0, "no request was sent");
  });

  it("initiateMany runs every policy's POST and returns each result separately", async () => {
    const hub: PolicyRef = { subscriptionId: PROD, resourceGroup: "rg-hub", location: "westeurope", name: "default" };
    const jumpbox = `/subscriptions/${PROD}/resourceGroups/rg-hub/providers/Microsoft.Compute/virtualMachines/jumpbox-01`;
    const results = await api.initiateMany([
      { ref: webProd, body: body(web02, 22) },
      { ref: hub, body: body(jumpbox, 22) },
      { ref: webProd, body: body(web02, 2222) },
    ]);
    assert.equal(results.length, 3);
    assert.ok(results[0]!.request && !results[0]!.error);
    assert.equal(
      results[1]!.request!.virtualMachines[0]!.ports[0]!.mappedPort !== undefined,
      true,
      "firewall VM gets a mapped port",
    );
    assert.equal(results[2]!.error?.kind, "notSubset");
    assert.deepEqual(results[1]!.ref, hub, "each result names its policy");
  });

  it("updatePolicyVms changes one VM and keeps the other VMs, ports and stored requests", async () => {
    const updated = await api.updatePolicyVms(webProd, (vms) =>
      vms.map((vm) =>
        vm.id === web02
          ? {
              ...vm,
              ports: [
                ...vm.ports,
                {
                  number: 2222,
                  protocol: "TCP",
                  allowedSourceAddressPrefixes: ["198.51.100.0/24", "192.0.2.0/24"],
                  maxRequestAccessDuration: "PT2H",
                },
              ],
            }
          : vm,
      ),
    );
    assert.equal(updated.requests.length, 3, "requests come from the GET, not the PUT's empty echo");
    assert.ok(h.logs.some((l) => l.method === "PUT" && l.status === 200));

    const reread = await api.getPolicy(webProd);
    const byId = new Map(reread.virtualMachines.map((vm) => [vm.id.toLowerCase(), vm]));
    assert.deepEqual(
      byId.get(web01.toLowerCase())!.ports.map((p) => p.number),
      [22],
    );
    assert.deepEqual(
      byId.get(winApp.toLowerCase())!.ports.map((p) => p.number),
      [3389, 5985, 5986],
    );
    const ports = byId.get(web02.toLowerCase())!.ports;
    assert.deepEqual(
      ports.map((p) => p.number),
      [22, 2222],
    );
    assert.deepEqual(ports[1]!.allowedSourceAddressPrefixes, ["198.51.100.0/24", "192.0.2.0/24"]);
    assert.deepEqual(ports[0]!.allowedSourceAddressPrefixes, ["*"]);
    assert.equal(reread.requests.length, 3, "PUT kept the stored requests");
  });

  it("creates a policy from nothing, then deletes it", async () => {
    const fresh: PolicyRef = {
      subscriptionId: PROD,
      resourceGroup: "rg-web-prod",
      location: "westeurope",
      name: "jit-new",
    };
    const created = await api.updatePolicyVms(fresh, (vms) => {
      assert.deepEqual(vms, [], "a missing policy starts from an empty VM list");
      return [
        {
          id: web01,
          ports: [
            { number: 8443, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT1H" },
          ],
        },
      ];
    });
    assert.equal(created.name, "jit-new");
    assert.equal(created.kind, "Basic");
    assert.equal((await api.getPolicy(fresh)).virtualMachines[0]!.ports[0]!.number, 8443);

    await api.deletePolicy(fresh);
    assert.equal((await rejection(api.getPolicy(fresh))).error.kind, "notFound");
  });
});
