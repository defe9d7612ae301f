// Locations and policy names come from Azure: one named like an Object.prototype member must read as an unknown
// region, not crash the location and policy items (issue 10).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SubscriptionPolicies } from "../../../src/azure/loader";
import type { Policy } from "../../../src/core/types";
import { locationDisplayName } from "../../../src/tree/locationNames";
import { presentLocation, presentPolicy } from "../../../src/tree/nodePresentation";
import { TreeModel } from "../../../src/tree/treeModel";

const HOSTILE = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "prototype"];
const SUB = "00000000-0000-0000-0000-00000000000a";

test("a location named like an Object.prototype member is shown by its own name", () => {
  for (const name of HOSTILE) assert.equal(locationDisplayName(name), name);
  assert.equal(locationDisplayName("westeurope"), "West Europe");
});

test("the tree builds and presents locations and policies named __proto__, constructor, toString…", () => {
  const policies: Policy[] = HOSTILE.map((name) => ({
    id: `/subscriptions/${SUB}/resourceGroups/${name}/providers/Microsoft.Security/locations/${name}/jitNetworkAccessPolicies/${name}`,
    name,
    subscriptionId: SUB,
    resourceGroup: name,
    location: name,
    virtualMachines: [],
    requests: [],
  }));
  const result: SubscriptionPolicies = {
    subscription: { subscriptionId: SUB, tenantId: "t", displayName: "Sub" },
    policies,
  };
  const model = new TreeModel();
  const locations = model.subscriptionChildren(result);
  assert.deepEqual(
    locations.map((n) => (n.kind === "location" ? n.location : n.kind)).sort(),
    [...HOSTILE].map((h) => h.toLowerCase()).sort(),
  );
  for (const node of locations) {
    assert.equal(node.kind, "location");
    if (node.kind !== "location") continue;
    const item = presentLocation(node);
    assert.equal(typeof item.label, "string");
    assert.equal(item.label, node.location);
    for (const policyNode of model.locationChildren(node)) {
      const view = presentPolicy(policyNode);
      assert.match(String(view.tooltip), new RegExp(`Region: ${policyNode.policy.location.replace(/_/g, "\\\\_")}`));
    }
  }
});
