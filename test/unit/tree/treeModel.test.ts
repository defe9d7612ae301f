import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TreeModel } from "../../../src/tree/treeModel";
import { SUB, WEB02, hubPolicy, webPolicy } from "../../support/treeFixtures";

const subscription = { subscriptionId: SUB, tenantId: "t", displayName: "Contoso Production" };

describe("tree model", () => {
  it("groups a subscription's policies by location and keeps node identity across refreshes", () => {
    const model = new TreeModel();
    const [sub] = model.subscriptions([subscription]);
    const first = model.subscriptionChildren({ subscription, policies: [webPolicy(), hubPolicy()] });
    assert.equal(first.length, 1);
    const location = first[0]!;
    assert.equal(location.kind, "location");
    const again = model.subscriptionChildren({ subscription, policies: [webPolicy(), hubPolicy()] });
    assert.equal(again[0], location, "same object for the same id");
    assert.equal(model.subscriptions([subscription])[0], sub);
    if (location.kind !== "location") return;
    const policies = model.locationChildren(location);
    assert.deepEqual(policies.map((p) => p.policy.resourceGroup).sort(), ["rg-hub", "rg-web-prod"]);
  });

  it("walks policy → VM → port and re-points them at a re-read policy", () => {
    const model = new TreeModel();
    const policyNode = model.policy(webPolicy());
    const vms = model.policyChildren(policyNode);
    assert.deepEqual(
      vms.map((v) => v.vmId.split("/").pop()),
      ["web-01", "web-02", "win-app-01"],
    );
    const ports = model.vmChildren(vms[2]!);
    assert.deepEqual(
      ports.map((p) => p.portNumber),
      [3389, 5985, 5986],
    );
    const fresh = webPolicy();
    fresh.requests = [];
    const changed = model.updatePolicy(fresh);
    assert.ok(changed.includes(policyNode));
    assert.equal(policyNode.policy, fresh);
    assert.equal(ports[0]!.policy, fresh);
    assert.equal(model.vmChildren(vms[1]!)[0]!.vmId, WEB02);
  });

  it("an error result is one error item with ways forward", () => {
    const model = new TreeModel();
    const children = model.subscriptionChildren({
      subscription,
      error: {
        kind: "forbidden",
        message: "No permission",
        permissions: ["Microsoft.Security/locations/jitNetworkAccessPolicies/read"],
      },
    });
    assert.equal(children.length, 1);
    const error = children[0]!;
    assert.equal(error.kind, "error");
    if (error.kind !== "error") return;
    const actions = model.errorChildren(error);
    assert.deepEqual(
      actions.map((a) => a.action),
      ["permissions", "retry"],
    );
    assert.equal(actions[0]!.target, error);
  });

  it("an empty subscription says so", () => {
    const model = new TreeModel();
    const children = model.subscriptionChildren({ subscription, policies: [] });
    assert.deepEqual(
      children.map((c) => c.kind),
      ["empty"],
    );
  });

  it("a recovered subscription replaces its error item", () => {
    const model = new TreeModel();
    model.subscriptionChildren({ subscription, error: { kind: "network", message: "Offline" } });
    const after = model.subscriptionChildren({ subscription, policies: [hubPolicy()] });
    assert.deepEqual(
      after.map((c) => c.kind),
      ["location"],
    );
  });
});

describe("tree model: directories that refused their token", () => {
  it("one expanded error item per directory, with sign-in and retry, same object across refreshes", () => {
    const model = new TreeModel();
    const failed = [
      {
        tenant: { tenantId: "T2", displayName: "Fabrikam" },
        error: { kind: "notSignedIn" as const, message: "Sign in" },
      },
    ];
    const [item] = model.directoryErrors(failed);
    assert.ok(item);
    assert.equal(item.id, "tenant:t2/error");
    assert.equal(item.source, "directory");
    assert.equal(item.subscription, undefined);
    assert.deepEqual(
      model.errorChildren(item).map((a) => a.action),
      ["signIn", "retry"],
    );
    assert.equal(model.directoryErrors(failed)[0], item);
    assert.deepEqual(model.directoryErrors([]), []);
  });
});
