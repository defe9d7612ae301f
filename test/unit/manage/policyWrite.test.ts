// The manage write path (src/manage/policyWrite.ts) against an in-memory API: what a refused call tells the user,
// and the writes that stop because the policy changed after the user confirmed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JitFailure } from "../../../src/azure/errors";
import type { JitApi } from "../../../src/azure/jit";
import { classifyError, type AzureFailure } from "../../../src/core/errors";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { Policy, PolicyVm, PortRule } from "../../../src/core/types";
import {
  applyVmEdits,
  deletePolicy,
  describeWriteFailure,
  removeVms,
  WriteConflict,
} from "../../../src/manage/policyWrite";

const SUB = "00000000-0000-0000-0000-000000000001";
const REF: PolicyRef = { subscriptionId: SUB, resourceGroup: "rg", location: "westeurope", name: "default" };
const vmId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
const port = (number: number): PortRule => ({
  number,
  protocol: "*",
  allowedSourceAddressPrefixes: ["*"],
  maxRequestAccessDuration: "PT3H",
});

type WriteApi = Pick<JitApi, "getPolicy" | "putPolicy" | "deletePolicy">;

function policy(vms: PolicyVm[]): Policy {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: "default",
    subscriptionId: SUB,
    resourceGroup: "rg",
    location: "westeurope",
    kind: "Basic",
    provisioningState: "Succeeded",
    virtualMachines: vms,
    requests: [],
  };
}

/** An API holding one policy; `refuse` makes a call fail the way Azure would, classified as src/azure does. */
function fakeApi(
  vms: PolicyVm[] | undefined,
  refuse: { call?: "get" | "put" | "delete"; failure?: AzureFailure } = {},
) {
  const calls: string[] = [];
  let stored = vms && policy(vms);
  const fail = (call: "get" | "put" | "delete") => {
    if (refuse.call === call && refuse.failure) {
      throw new JitFailure(classifyError(refuse.failure, call === "get" ? "read" : "configure"));
    }
  };
  const api: WriteApi = {
    getPolicy: async () => {
      calls.push("get");
      fail("get");
      if (!stored) throw new JitFailure(classifyError({ statusCode: 404, code: "PolicyNotFound" }, "read"));
      return structuredClone(stored);
    },
    putPolicy: async (_ref, virtualMachines) => {
      calls.push("put");
      fail("put");
      stored = policy(virtualMachines);
      return structuredClone(stored);
    },
    deletePolicy: async () => {
      calls.push("delete");
      fail("delete");
      stored = undefined;
    },
  };
  return { api, calls, stored: () => stored };
}

const RBAC_PUT: AzureFailure = {
  statusCode: 403,
  code: "AuthorizationFailed",
  message:
    "does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/write'",
};
const RBAC_DELETE: AzureFailure = {
  statusCode: 403,
  code: "AuthorizationFailed",
  message:
    "does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/delete'",
};
const POLICY_DENY: AzureFailure = {
  statusCode: 403,
  code: "RequestDisallowedByPolicy",
  message: "Resource 'default' was disallowed by policy. (Code: RequestDisallowedByPolicy)",
};

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  assert.fail("expected the write to fail");
}

describe("describeWriteFailure", () => {
  it("a refused PUT names the write permissions, copyable", async () => {
    const { api } = fakeApi(
      [
        { id: vmId("a"), ports: [port(22)] },
        { id: vmId("b"), ports: [port(22)] },
      ],
      { call: "put", failure: RBAC_PUT },
    );
    const shown = describeWriteFailure(await failure(() => removeVms(api, REF, [vmId("a")])));
    assert.deepEqual(shown.permissions, [
      "Microsoft.Security/locations/jitNetworkAccessPolicies/write",
      "Microsoft.Compute/virtualMachines/write",
    ]);
    assert.match(
      shown.message,
      /jitNetworkAccessPolicies\/write on the resource group, and Microsoft\.Compute\/virtualMachines\/write on each VM/,
    );
    assert.match(shown.detail ?? "", /authorization/, "Azure's own text kept for the log");
  });

  it("an Azure Policy deny keeps its own text and offers no permissions to copy", async () => {
    const { api } = fakeApi([{ id: vmId("a"), ports: [port(22)] }], { call: "put", failure: POLICY_DENY });
    const shown = describeWriteFailure(
      await failure(() =>
        applyVmEdits(api, REF, [{ vmId: vmId("a"), before: [port(22)], after: [port(22), port(80)] }]),
      ),
    );
    assert.match(shown.message, /Azure Policy assignment blocks this change.*disallowed by policy/);
    assert.doesNotMatch(shown.message, /jitNetworkAccessPolicies\/write/);
    assert.deepEqual(shown.permissions, []);
  });

  it("an Azure Policy deny of a DELETE keeps its own text too", async () => {
    const { api } = fakeApi([{ id: vmId("a"), ports: [port(22)] }], { call: "delete", failure: POLICY_DENY });
    const shown = describeWriteFailure(await failure(() => deletePolicy(api, REF)));
    assert.match(shown.message, /Azure Policy assignment/);
    assert.deepEqual(shown.permissions, []);
  });

  it("a refused DELETE names the delete permission: Delete Policy, and Disable or removing the last port", async () => {
    const onlyVm = [{ id: vmId("a"), ports: [port(22)] }];
    const runs = [
      () => deletePolicy(fakeApi(onlyVm, { call: "delete", failure: RBAC_DELETE }).api, REF),
      () =>
        removeVms(fakeApi(onlyVm, { call: "delete", failure: RBAC_DELETE }).api, REF, [vmId("a")], { mayDelete: true }),
      () =>
        applyVmEdits(
          fakeApi(onlyVm, { call: "delete", failure: RBAC_DELETE }).api,
          REF,
          [{ vmId: vmId("a"), before: [port(22)], after: [] }],
          {
            mayDelete: true,
          },
        ),
    ];
    for (const run of runs) {
      const shown = describeWriteFailure(await failure(run));
      assert.deepEqual(shown.permissions, ["Microsoft.Security/locations/jitNetworkAccessPolicies/delete"]);
      assert.match(shown.message, /delete this JIT policy.*jitNetworkAccessPolicies\/delete/);
      assert.doesNotMatch(shown.message, /\/write/);
    }
  });

  it("a refused read before the write says what reading needs, not writing", async () => {
    const { api, calls } = fakeApi([{ id: vmId("a"), ports: [port(22)] }], {
      call: "get",
      failure: { statusCode: 403, code: "AuthorizationFailed" },
    });
    const shown = describeWriteFailure(await failure(() => removeVms(api, REF, [vmId("a")])));
    assert.match(shown.message, /read JIT policies/);
    assert.ok(shown.permissions.includes("Microsoft.Security/locations/jitNetworkAccessPolicies/read"));
    assert.deepEqual(calls, ["get"]);
  });

  it("other failures keep their message", () => {
    assert.deepEqual(describeWriteFailure(new WriteConflict("changed meanwhile")), {
      message: "changed meanwhile",
      permissions: [],
    });
    assert.equal(describeWriteFailure("boom").message, "boom");
  });
});

describe("writes that stop because the policy changed after the user confirmed", () => {
  it("an edit of a VM someone removed meanwhile writes nothing and says so", async () => {
    const { api, calls } = fakeApi([{ id: vmId("b"), ports: [port(22)] }]);
    const e = await failure(() =>
      applyVmEdits(api, REF, [{ vmId: vmId("a"), before: [port(22)], after: [port(22), port(80)] }]),
    );
    assert.ok(e instanceof WriteConflict);
    assert.match(e.message, /a is no longer in policy "default".*Nothing was written/);
    assert.deepEqual(calls, ["get"]);
  });

  it("a disable that would now empty the policy deletes it only when the user was told so", async () => {
    const vms = [{ id: vmId("a"), ports: [port(22)] }];
    const refused = fakeApi(vms);
    const e = await failure(() => removeVms(refused.api, REF, [vmId("a")]));
    assert.ok(e instanceof WriteConflict);
    assert.match(e.message, /request history/);
    assert.deepEqual(refused.calls, ["get"]);

    const allowed = fakeApi(vms);
    assert.deepEqual(await removeVms(allowed.api, REF, [vmId("a")], { mayDelete: true }), { kind: "delete" });
    assert.equal(allowed.stored(), undefined);
  });

  it("Delete re-reads and stops when a VM joined after the confirmation", async () => {
    const { api, calls } = fakeApi([
      { id: vmId("a"), ports: [port(22)] },
      { id: vmId("late"), ports: [port(3389)] },
    ]);
    const e = await failure(() => deletePolicy(api, REF, [vmId("A")]));
    assert.ok(e instanceof WriteConflict);
    assert.match(e.message, /late/);
    assert.deepEqual(calls, ["get"]);

    const ok = fakeApi([{ id: vmId("a"), ports: [port(22)] }]);
    assert.deepEqual(
      await deletePolicy(ok.api, REF, [vmId("A")]),
      { kind: "delete" },
      "ids compare case-insensitively",
    );
    assert.deepEqual(await deletePolicy(fakeApi(undefined).api, REF, []), { kind: "none" }, "already gone");
  });
});
