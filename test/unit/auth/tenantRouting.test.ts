import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deferredJitApi, deferredVmAddresses, resolveTenant } from "../../../src/auth/tenantRouting";
import type { JitApi } from "../../../src/azure/jit";
import type { PolicyRef } from "../../../src/core/resourceId";
import { hubPolicy } from "../../support/treeFixtures";

const GUEST_SUB = "BBBB0000-0000-0000-0000-00000000000B";
const ref: PolicyRef = { subscriptionId: GUEST_SUB, resourceGroup: "rg", location: "westeurope", name: "default" };

describe("tenant routing before the directory is known", () => {
  it("waits for the directory listing, then answers the subscription's tenant", async () => {
    const tenantOf = new Map<string, string>();
    let listings = 0;
    const tenant = await resolveTenant(GUEST_SUB, tenantOf, async () => {
      listings++;
      tenantOf.set(GUEST_SUB.toLowerCase(), "guest-tenant");
    });
    assert.equal(tenant, "guest-tenant");
    assert.equal(listings, 1);
    assert.equal(
      await resolveTenant(GUEST_SUB, tenantOf, async () => assert.fail("known: no listing")),
      "guest-tenant",
    );
  });

  it("falls back to the home tenant when the listing fails or does not name the subscription", async () => {
    assert.equal(await resolveTenant(GUEST_SUB, new Map(), () => Promise.reject(new Error("offline"))), undefined);
    assert.equal(await resolveTenant(GUEST_SUB, new Map(), async () => undefined), undefined);
  });

  it("a deferred JIT API sends nothing until the tenant's client is known, then delegates every call", async () => {
    const calls: string[] = [];
    const real = {
      getPolicy: async (r: PolicyRef) => (calls.push(`get ${r.name}`), hubPolicy()),
      listPolicies: async (id: string) => (calls.push(`list ${id}`), []),
      deletePolicy: async () => void calls.push("delete"),
    } as unknown as JitApi;
    let release: (api: JitApi) => void = () => undefined;
    const client = new Promise<JitApi>((resolve) => (release = resolve));
    const api = deferredJitApi(() => client);
    const pending = api.getPolicy(ref);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [], "no call before the directory answered");
    release(real);
    assert.equal((await pending).name, "default");
    await api.listPolicies(GUEST_SUB);
    await api.deletePolicy(ref);
    assert.deepEqual(calls, ["get default", `list ${GUEST_SUB}`, "delete"]);
  });

  it("a deferred call fails with the routing's own error (a settings error, say)", async () => {
    const api = deferredJitApi(() => Promise.reject(new Error("azureJit.customCloudCaFile: cannot read")));
    await assert.rejects(api.getPolicy(ref), /customCloudCaFile/);
    const addresses = deferredVmAddresses(async () => ({
      resolve: async (vmId: string) => ({ vmId, publicIp: "20.0.0.1" }),
    }));
    assert.deepEqual(await addresses.resolve("/vm/1"), { vmId: "/vm/1", publicIp: "20.0.0.1" });
  });
});
