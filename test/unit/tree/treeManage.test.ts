// The tree's issue-6 parts without VS Code: the "Not configured" group in the model (identity, what re-renders
// when), its items, the policy's "updating…" state, and which policies the store keeps re-reading.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unprotectedVms } from "../../../src/core/unprotectedVms";
import type { Policy } from "../../../src/core/types";
import { unprotectedVmNodes } from "../../../src/tree/unprotectedPresentation";
import { presentNode, presentPolicy } from "../../../src/tree/nodePresentation";
import { ids, type TreeNode } from "../../../src/tree/nodes";
import { pollTargets, policySettled } from "../../../src/policies/pollTargets";
import { provisioningPhase } from "../../../src/policies/provisioning";
import { TreeModel } from "../../../src/tree/treeModel";
import { MIN, NOW, SUB, WEB01, hubPolicy, webPolicy } from "../../support/treeFixtures";

const subscription = { subscriptionId: SUB, tenantId: "t", displayName: "Contoso Production" };
const options = { serverNow: NOW, warningMs: 5 * MIN };
const vmId = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const BUILD = {
  id: vmId("rg-tools", "build-agent-01"),
  name: "build-agent-01",
  location: "westeurope",
  osType: "Linux",
};
const LEGACY = {
  id: vmId("rg-tools", "legacy-win-01"),
  name: "legacy-win-01",
  location: "westeurope",
  osType: "Windows",
};
const LONG = {
  id: vmId("rg-tools", "a-virtual-machine-name-that-is-far-too-long-for-jit-x"),
  name: "a-virtual-machine-name-that-is-far-too-long-for-jit-x",
  location: "westeurope",
};

function labels(nodes: TreeNode[]): string[] {
  return nodes.map((n) => {
    const item = presentNode(n, options);
    return `${item.label}${item.description ? ` — ${item.description}` : ""} [${item.contextValue}]`;
  });
}

describe("tree: Not configured group", () => {
  it("is absent until the VM listing answered, then follows the locations with the uncovered VMs", () => {
    const model = new TreeModel();
    model.subscriptions([subscription]);
    const result = { subscription, policies: [webPolicy(), hubPolicy()] };
    assert.deepEqual(
      model.subscriptionChildren(result).map((n) => n.kind),
      ["location"],
    );

    const listed = [BUILD, LEGACY, { id: WEB01, name: "web-01", location: "westeurope" }];
    const changed = model.setUnprotected(SUB, { vms: unprotectedVms(listed, result.policies) });
    assert.deepEqual(
      changed.map((n) => n.id),
      [ids.subscription(SUB)],
      "the group appearing re-renders the subscription",
    );

    const children = model.subscriptionChildren(result);
    assert.deepEqual(
      children.map((n) => n.kind),
      ["location", "notConfigured"],
    );
    const group = children[1]!;
    assert.equal(group.id, ids.notConfigured(SUB));
    assert.deepEqual(labels([group]), ["Not configured — 2 VMs without JIT [azureJit.notConfigured]"]);
    assert.equal(presentNode(group, options).collapsible, "collapsed");

    const vms = model.children(group, () => result);
    assert.deepEqual(labels(vms), [
      "build-agent-01 — not configured · westeurope · Linux [azureJit.unprotectedVm]",
      "legacy-win-01 — not configured · westeurope · Windows [azureJit.unprotectedVm]",
    ]);
    // The shape the manage commands receive, with the ids src/manage builds.
    const first = vms[0]!;
    assert.equal(first.kind, "unprotectedVm");
    if (first.kind !== "unprotectedVm") return;
    assert.equal(first.subscriptionId, SUB);
    assert.equal(first.vm.id, BUILD.id);
    assert.equal(first.id, unprotectedVmNodes(SUB, [BUILD])[0]!.id);
    assert.equal(model.children(group, () => result)[0], first, "same object for the same VM");
  });

  it("a subscription without policies shows the empty item and the group", () => {
    const model = new TreeModel();
    model.setUnprotected(SUB, { vms: unprotectedVms([BUILD], []) });
    assert.deepEqual(
      model.subscriptionChildren({ subscription, policies: [] }).map((n) => n.kind),
      ["empty", "notConfigured"],
    );
  });

  it("no group when every VM is covered, nor when the policies failed to load", () => {
    const model = new TreeModel();
    assert.deepEqual(model.setUnprotected(SUB, { vms: [] }), []);
    assert.deepEqual(
      model.subscriptionChildren({ subscription, policies: [hubPolicy()] }).map((n) => n.kind),
      ["location"],
    );
    model.setUnprotected(SUB, { vms: unprotectedVms([BUILD], []) });
    const failed = model.subscriptionChildren({ subscription, error: { kind: "forbidden", message: "No permission" } });
    assert.deepEqual(
      failed.map((n) => n.kind),
      ["error"],
      "without the policies, which VMs are protected is unknown",
    );
  });

  it("re-renders only the group when its VMs change, the subscription when it empties, nothing when equal", () => {
    const model = new TreeModel();
    model.subscriptions([subscription]);
    model.setUnprotected(SUB, { vms: unprotectedVms([BUILD, LEGACY], []) });
    const group = model.subscriptionChildren({ subscription, policies: [hubPolicy()] })[1]!;
    assert.equal(group.kind, "notConfigured");
    const vmNodes = model.children(group, () => undefined);

    assert.deepEqual(model.setUnprotected(SUB, { vms: unprotectedVms([BUILD, LEGACY], []) }), [], "same VMs: nothing");

    // build-agent-01 was just enabled: it leaves at once, and only the group re-renders.
    const enabled: Policy = {
      ...hubPolicy(),
      virtualMachines: [...hubPolicy().virtualMachines, { id: BUILD.id, ports: [] }],
    };
    const changed = model.setUnprotected(SUB, { vms: unprotectedVms([BUILD, LEGACY], [enabled]) });
    assert.deepEqual(changed, [group]);
    assert.deepEqual(labels([group]), ["Not configured — 1 VM without JIT [azureJit.notConfigured]"]);
    const after = model.children(group, () => undefined);
    assert.deepEqual(
      after.map((n) => n.id),
      [vmNodes[1]!.id],
    );
    assert.equal(after[0], vmNodes[1], "the remaining VM keeps its node");

    const emptied = model.setUnprotected(SUB, { vms: [] });
    assert.deepEqual(
      emptied.map((n) => n.id),
      [ids.subscription(SUB)],
      "the group going re-renders the subscription",
    );
    assert.deepEqual(
      model.subscriptionChildren({ subscription, policies: [hubPolicy()] }).map((n) => n.kind),
      ["location"],
    );
  });

  it("an unsupported VM says so, with the reason in its tooltip and a context value Enable JIT does not match", () => {
    const model = new TreeModel();
    model.setUnprotected(SUB, { vms: unprotectedVms([LONG], []) });
    const group = model.subscriptionChildren({ subscription, policies: [] })[1]!;
    const [vm] = model.children(group, () => undefined);
    const item = presentNode(vm!, options);
    assert.equal(item.description, "JIT not supported");
    assert.equal(item.contextValue, "azureJit.unprotectedVm.unsupported");
    assert.doesNotMatch(item.contextValue, /^azureJit\.unprotectedVm$/);
    assert.match(item.tooltip ?? "", /56/);
  });

  it("a failed VM listing is the group opened on an error item that retries the listing", () => {
    const model = new TreeModel();
    model.subscriptions([subscription]);
    const error = {
      kind: "forbidden" as const,
      message: "You do not have permission to read JIT policies here.",
      permissions: ["x/read"],
    };
    model.setUnprotected(SUB, { error });
    const group = model.subscriptionChildren({ subscription, policies: [hubPolicy()] })[1]!;
    const groupItem = presentNode(group, options);
    assert.equal(groupItem.collapsible, "expanded");
    assert.equal(groupItem.description, "VMs could not be listed");
    const children = model.children(group, () => undefined);
    assert.equal(children.length, 1);
    const node = children[0]!;
    assert.equal(node.kind, "error");
    if (node.kind !== "error") return;
    assert.equal(node.source, "vmListing");
    assert.equal(node.subscription, subscription);
    assert.notEqual(node.id, ids.error(SUB), "not the subscription's own error item");
    const item = presentNode(node, options);
    assert.match(item.label, /Microsoft\.Compute\/virtualMachines\/read/, "names the VM permission, not the JIT one");
    assert.deepEqual(
      model.errorChildren(node).map((a) => a.action),
      ["retry"],
    );

    const recovered = model.setUnprotected(SUB, { vms: unprotectedVms([BUILD], []) });
    assert.deepEqual(recovered, [group], "recovering keeps the group and re-renders it");
    assert.deepEqual(
      model.children(group, () => undefined).map((n) => n.kind),
      ["unprotectedVm"],
    );
  });
});

describe("tree: policy provisioning state", () => {
  const policy = (provisioningState?: string): Policy => {
    const p = hubPolicy();
    if (provisioningState === undefined) delete p.provisioningState;
    else p.provisioningState = provisioningState;
    return p;
  };

  it("phases: done, updating (any unfinished state), failed", () => {
    assert.equal(provisioningPhase(undefined), "done");
    assert.equal(provisioningPhase("Succeeded"), "done");
    assert.equal(provisioningPhase("succeeded"), "done");
    assert.equal(provisioningPhase("Updating"), "updating");
    assert.equal(provisioningPhase("Creating"), "updating");
    assert.equal(provisioningPhase("Accepted"), "updating");
    assert.equal(provisioningPhase("Provisioning"), "updating");
    assert.equal(provisioningPhase("Failed"), "failed");
    assert.equal(provisioningPhase("Canceled"), "failed");
  });

  it("the policy item says updating… with a spinner until Succeeded", () => {
    const node = { kind: "policy" as const, id: ids.policy(hubPolicy().id), policy: policy("Updating") };
    const updating = presentPolicy(node);
    assert.equal(updating.description, "1 VM · rg-hub · updating…");
    assert.deepEqual(updating.icon, { id: "sync~spin" });
    assert.equal(updating.contextValue, "azureJit.policy", "the policy menus stay available");

    const done = presentPolicy({ ...node, policy: policy("Succeeded") });
    assert.equal(done.description, "1 VM · rg-hub");
    assert.deepEqual(done.icon, { id: "shield" });
    assert.equal(presentPolicy({ ...node, policy: policy(undefined) }).description, "1 VM · rg-hub");

    const failed = presentPolicy({ ...node, policy: policy("Failed") });
    assert.equal(failed.description, "1 VM · rg-hub · provisioning Failed");
    assert.equal(failed.icon?.id, "warning");
  });

  it("an Updating policy is re-read (fast, then with the open ports) until it settles", () => {
    const idle = webPolicy();
    idle.requests = [];
    const updating: Policy = { ...idle, id: `${idle.id}-2`, provisioningState: "Updating" };
    const targets = pollTargets([idle, updating], NOW);
    assert.deepEqual(
      targets.active.map((p) => p.id),
      [updating.id],
      "nothing open and done: not read; Updating: read",
    );
    assert.deepEqual(
      targets.autoWatch.map((p) => p.id),
      [updating.id],
    );
    assert.equal(policySettled(updating, NOW), false);
    assert.equal(policySettled({ ...updating, provisioningState: "Provisioning" }, NOW), false);
    assert.equal(policySettled({ ...updating, provisioningState: "Succeeded" }, NOW), true);
    assert.equal(
      policySettled({ ...updating, provisioningState: "Failed" }, NOW),
      true,
      "a failed write will not change by itself",
    );
  });

  it("open and opening ports keep their own polling: open is periodic, opening is watched fast", () => {
    const web = webPolicy(); // web-02 open, win-app-01 3389 opening
    const hub = hubPolicy(); // jumpbox open
    const targets = pollTargets([web, hub], NOW);
    assert.deepEqual(targets.active.map((p) => p.resourceGroup).sort(), ["rg-hub", "rg-web-prod"]);
    assert.deepEqual(
      targets.autoWatch.map((p) => p.resourceGroup),
      ["rg-web-prod"],
    );
    assert.equal(policySettled(web, NOW), false);
    assert.equal(policySettled(hub, NOW), true);
  });
});
