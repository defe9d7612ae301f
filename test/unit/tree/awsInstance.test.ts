// An AWS EC2 instance in a JIT policy (Defender for Cloud's AWS connector): the tree names it by instance id and
// region, not by the id's last segment, and keeps the full id in its tooltip.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Policy } from "../../../src/core/types";
import { presentVm } from "../../../src/tree/nodePresentation";
import { MIN, NOW, SUB, webPolicy } from "../../support/treeFixtures";

const AWS = `/subscriptions/${SUB}/resourcegroups/rg-aws/providers/Microsoft.Security/securityConnectors/aws-connector/securityentitydata/aws-ec2-instance-i-0a1b2c3d4e5f67890-us-east-1`;
const options = { serverNow: NOW, warningMs: 5 * MIN, localFormat: (ms: number) => `local(${ms})` };

function awsPolicy(): Policy {
  const base = webPolicy();
  return { ...base, virtualMachines: [{ id: AWS, ports: [base.virtualMachines[0].ports[0]] }], requests: [] };
}

describe("AWS EC2 instance items", () => {
  it("label: the instance id; description: AWS EC2, the region and the ports; tooltip: region, connector and id", () => {
    const item = presentVm({ kind: "vm", id: "aws", policy: awsPolicy(), vmId: AWS }, options);
    assert.equal(item.label, "i-0a1b2c3d4e5f67890");
    assert.equal(item.description, "AWS EC2 · us-east-1 · 1 port");
    assert.match(
      item.tooltip ?? "",
      /AWS EC2 instance in us\\-east\\-1, through the security connector aws\\-connector/,
    );
    assert.ok((item.tooltip ?? "").includes(`\`${AWS}\``));
    assert.equal(item.contextValue, "azureJit.vm", "requestable and connectable like any VM");
  });
});
