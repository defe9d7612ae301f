// What the Disable / Remove / Delete confirmations say (src/manage/confirmText.ts), from the policy just re-read
// and the plan the write will make.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planDisable, planPolicyWrite } from "../../../src/core/policyEdit";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { Policy, PolicyVm, PortRule } from "../../../src/core/types";
import { changesAnything, deleteDetail, removalDetail, summarizeRemoval } from "../../../src/manage/confirmText";

const SUB = "00000000-0000-0000-0000-000000000001";
const ref = (resourceGroup: string): PolicyRef => ({
  subscriptionId: SUB,
  resourceGroup,
  location: "westeurope",
  name: "default",
});
const vmId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
const port = (number: number): PortRule => ({
  number,
  protocol: "*",
  allowedSourceAddressPrefixes: ["*"],
  maxRequestAccessDuration: "PT3H",
});
const vm = (name: string, ...ports: number[]): PolicyVm => ({ id: vmId(name), ports: ports.map(port) });

describe("removal confirmation", () => {
  it("disabling the last VM says the policy is deleted with its request history", () => {
    const current = [vm("web-01", 22)];
    const summary = summarizeRemoval(ref("rg"), current, [vmId("web-01")], planDisable(current, [vmId("web-01")]));
    assert.equal(summary.deletesPolicy, true);
    const detail = removalDetail([summary]);
    assert.match(detail, /web-01 will be removed from policy "default" \(rg, westeurope\)/);
    assert.match(detail, /JIT stops guarding ports 22/);
    assert.match(detail, /policy is deleted, and its request history with it/);
    assert.doesNotMatch(detail, /Other VMs/);
  });

  it("removing the last port of the last VM (an edit) says so too", () => {
    const current = [vm("web-01", 22, 3389)];
    const edit = { vmId: vmId("web-01"), before: current[0]!.ports, after: [] };
    const summary = summarizeRemoval(ref("rg"), current, [vmId("web-01")], planPolicyWrite(current, [edit]));
    assert.match(removalDetail([summary]), /22, 3389.*request history/s);
  });

  it("one modal for several policies lists every change; VMs gone meanwhile are named, not counted as changes", () => {
    const a = [vm("web-01", 22), vm("web-02", 22, 80)];
    const b = [vm("app-01", 3389)];
    const summaries = [
      summarizeRemoval(ref("rg-a"), a, [vmId("web-01")], planDisable(a, [vmId("web-01")])),
      summarizeRemoval(ref("rg-b"), b, [vmId("app-01"), vmId("gone")], planDisable(b, [vmId("app-01"), vmId("gone")])),
    ];
    const [first, second] = removalDetail(summaries).split("\n\n");
    assert.match(
      first!,
      /web-01 will be removed from policy "default" \(rg-a, westeurope\)\. JIT stops guarding ports 22\. Other VMs in the policy keep their ports\./,
    );
    assert.match(second!, /app-01 will be removed.*rg-b.*Already not in .*: gone\..*request history/);
    assert.deepEqual(summaries.map(changesAnything), [true, true]);
    assert.equal(summarizeRemoval(ref("rg"), [], [vmId("gone")], planDisable([], [vmId("gone")])).leaving.length, 0);
    assert.equal(
      changesAnything(summarizeRemoval(ref("rg"), undefined, [vmId("gone")], planDisable(undefined, [vmId("gone")]))),
      false,
    );
  });

  it("a VM that keeps a port someone added meanwhile is shown as staying", () => {
    const current = [vm("web-01", 22, 8080)];
    const edit = { vmId: vmId("web-01"), before: [port(22)], after: [] };
    const summary = summarizeRemoval(ref("rg"), current, [vmId("web-01")], planPolicyWrite(current, [edit]));
    assert.deepEqual(summary.leaving, []);
    assert.deepEqual(summary.narrowed, [{ vmId: vmId("web-01"), ports: [22] }]);
    assert.equal(summary.deletesPolicy, false);
    assert.match(removalDetail([summary]), /web-01 stays in .* JIT stops guarding ports 22\./);
  });
});

describe("delete confirmation", () => {
  it("lists the VMs of the policy as just re-read, and the history loss", () => {
    const policy: Policy = {
      id: "p",
      name: "default",
      subscriptionId: SUB,
      resourceGroup: "rg",
      location: "westeurope",
      virtualMachines: [vm("web-01", 22), vm("added-since-poll", 22)],
      requests: [],
    };
    const detail = deleteDetail(policy);
    assert.match(detail, /JIT stops protecting 2 VMs: web-01, added-since-poll\./);
    assert.match(detail, /request history is deleted with it/);
    assert.match(deleteDetail({ ...policy, virtualMachines: [] }), /no VMs/);
  });
});
