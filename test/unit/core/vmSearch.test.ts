// "Go to VM…"'s filter: every word of the query in some field (VM, resource group, subscription, location), in any
// order and any case; VMs whose name starts with the first word first; one entry per VM and policy.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { filterVms, vmSearchEntries } from "../../../src/core/vmSearch";
import type { Policy } from "../../../src/core/types";
import { fcOptions } from "./fcConfig";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";

function policy(subscriptionId: string, resourceGroup: string, location: string, vms: string[]): Policy {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId,
    resourceGroup,
    location,
    virtualMachines: vms.map((name) => ({
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`,
      ports: [],
    })),
    requests: [],
  };
}

const names = new Map([
  [SUB_A, "Contoso Production"],
  [SUB_B, "Fabrikam Engineering"],
]);
const entries = vmSearchEntries(
  [
    policy(SUB_A, "rg-web", "westeurope", ["web-01", "web-02", "jumpbox"]),
    policy(SUB_B, "rg-build", "eastus", ["agent-web", "builder"]),
  ],
  (id) => names.get(id),
  (l) => ({ westeurope: "West Europe", eastus: "East US" })[l],
);

describe("vmSearch", () => {
  it("matches on VM, resource group, subscription and location names, any case", () => {
    assert.deepEqual(
      filterVms(entries, "JUMP").map((e) => e.vmName),
      ["jumpbox"],
    );
    assert.deepEqual(
      filterVms(entries, "rg-build").map((e) => e.vmName),
      ["agent-web", "builder"],
    );
    assert.deepEqual(
      filterVms(entries, "fabrikam").map((e) => e.vmName),
      ["agent-web", "builder"],
    );
    assert.deepEqual(
      filterVms(entries, "west europe").map((e) => e.vmName),
      ["jumpbox", "web-01", "web-02"],
    );
    assert.deepEqual(
      filterVms(entries, "eastus").map((e) => e.vmName),
      ["agent-web", "builder"],
    );
  });

  it("needs every word, in any field and order", () => {
    // jumpbox matches "web" through its resource group, rg-web.
    assert.deepEqual(
      filterVms(entries, "production web").map((e) => e.vmName),
      ["jumpbox", "web-01", "web-02"],
    );
    assert.deepEqual(
      filterVms(entries, "web production").map((e) => e.vmName),
      ["web-01", "web-02", "jumpbox"],
    );
    assert.deepEqual(
      filterVms(entries, "web fabrikam").map((e) => e.vmName),
      ["agent-web"],
    );
    assert.deepEqual(filterVms(entries, "web nowhere"), []);
  });

  it("puts VMs whose name starts with the first word first, and keeps to the limit", () => {
    assert.deepEqual(
      filterVms(entries, "web").map((e) => e.vmName),
      ["web-01", "web-02", "agent-web", "jumpbox"],
    );
    assert.deepEqual(
      filterVms(entries, "web", 2).map((e) => e.vmName),
      ["web-01", "web-02"],
    );
    assert.equal(filterVms(entries, "  ").length, 5, "an empty query shows everything");
  });

  it("keeps the policy and ids the tree needs to reveal the VM, one entry per VM of a policy", () => {
    const twice = policy(SUB_A, "rg", "westeurope", ["vm1", "VM1"]);
    const [only, ...rest] = vmSearchEntries([twice], () => undefined);
    assert.equal(rest.length, 0);
    assert.equal(only!.policy, twice);
    assert.equal(only!.subscriptionName, SUB_A, "an unnamed subscription shows its id");
    const opaque = vmSearchEntries(
      [{ ...twice, virtualMachines: [{ id: "aws-connector/i-0abc", ports: [] }] }],
      () => undefined,
    );
    assert.equal(opaque[0]!.vmName, "i-0abc");
  });

  it("a result is exactly an entry holding every word (property)", () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9-]{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word, word), { minLength: 1, maxLength: 12 }),
        fc.array(word, { maxLength: 3 }),
        (vms, query) => {
          const list = vmSearchEntries(
            vms.map(([vm, group, location], i) => policy(i % 2 ? SUB_A : SUB_B, group, location, [vm])),
            (id) => names.get(id),
          );
          const got = new Set(filterVms(list, query.join(" ")));
          for (const entry of list) {
            const fields = [entry.vmName, entry.resourceGroup, entry.subscriptionName, entry.location].map((f) =>
              f.toLowerCase(),
            );
            const holds = query.every((w) => fields.some((f) => f.includes(w.toLowerCase())));
            assert.equal(got.has(entry), holds, `${entry.vmName} for "${query.join(" ")}"`);
          }
        },
      ),
      fcOptions(),
    );
  });
});
