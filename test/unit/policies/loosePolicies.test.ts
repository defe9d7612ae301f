import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LoosePolicies } from "../../../src/policies/loosePolicies";
import { SUB, hubPolicy, webPolicy } from "../../support/treeFixtures";

describe("policies read one by one before their subscription's list", () => {
  it("are kept, with a change reported only when the content changed", () => {
    const loose = new LoosePolicies();
    assert.equal(loose.set(webPolicy()), true);
    assert.equal(loose.set(webPolicy()), false, "same content: nothing to re-render");
    const changed = webPolicy();
    changed.requests = [];
    assert.equal(loose.set(changed), true);
    assert.equal(loose.all().length, 1);
    assert.equal(loose.all()[0], changed);
  });

  it("are handed over when the subscription's list arrives, and forgotten one by one or all at once", () => {
    const loose = new LoosePolicies();
    const other = {
      ...hubPolicy(),
      id: hubPolicy().id.replace(SUB, "ffff0000-0000-0000-0000-00000000000f"),
      subscriptionId: "FFFF0000-0000-0000-0000-00000000000F",
    };
    loose.set(webPolicy());
    loose.set(hubPolicy());
    loose.set(other);
    assert.deepEqual(
      loose
        .take(SUB.toUpperCase())
        .map((p) => p.resourceGroup)
        .sort(),
      ["rg-hub", "rg-web-prod"],
    );
    assert.deepEqual(loose.all(), [other]);
    loose.delete(other.id.toUpperCase());
    assert.deepEqual(loose.all(), []);
    loose.set(webPolicy());
    loose.clear();
    assert.deepEqual(loose.all(), []);
  });
});
