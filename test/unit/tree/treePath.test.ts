import assert from "node:assert/strict";
import { test } from "node:test";
import { portPath, walkTo } from "../../../src/tree/treePath";
import type { TreeNode } from "../../../src/tree/nodes";
import { TreeModel } from "../../../src/tree/treeModel";
import { SUB, WIN, hubPolicy, webPolicy } from "../../support/treeFixtures";

const subscription = { subscriptionId: SUB, tenantId: "t", displayName: "Contoso Production" };

function tree() {
  const model = new TreeModel();
  const loads: string[] = [];
  const getChildren = (node?: TreeNode): TreeNode[] => {
    loads.push(node?.id ?? "root");
    if (!node) return model.subscriptions([subscription]);
    return model.children(node, () => ({ subscription, policies: [webPolicy(), hubPolicy()] }));
  };
  return { model, loads, getChildren };
}

test("reveal: walks subscription → location → policy → VM to the port item, creating the items the view reveals", async () => {
  const { model, loads, getChildren } = tree();
  const policy = webPolicy();
  const path = portPath(policy, WIN.toUpperCase(), 5985);
  const node = await walkTo(getChildren, path);
  assert.ok(node && node.kind === "port");
  assert.equal(node.portNumber, 5985);
  assert.equal(loads.length, 5, "one getChildren per level");
  // TreeView.reveal climbs with getParent, which looks each ancestor up in the model by these ids.
  for (const id of path) assert.ok(model.get(id), id);
  assert.equal(model.get(path[path.length - 1]!), node, "the same object the view shows");
});

test("reveal: a port not in the tree (removed, or its subscription not selected) is not found", async () => {
  const { getChildren } = tree();
  assert.equal(await walkTo(getChildren, portPath(webPolicy(), WIN, 8080)), undefined);
  assert.equal(
    await walkTo(
      getChildren,
      portPath({ ...webPolicy(), subscriptionId: "11111111-1111-1111-1111-111111111111" }, WIN, 3389),
    ),
    undefined,
  );
});
