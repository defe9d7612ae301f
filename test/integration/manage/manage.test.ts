// Enable, edit, disable and delete JIT through the real SDK against the emulator (demo scenario, emulator/README.md),
// with the same read → plan → write code the commands run (src/manage/policyWrite.ts).
import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, beforeEach, describe, it } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { cloudByName } from "../../../src/azure/cloud";
import type { ArmSettings } from "../../../src/azure/clientOptions";
import { isJitFailure } from "../../../src/azure/errors";
import { createJitApi, type JitApi } from "../../../src/azure/jit";
import { listVirtualMachines } from "../../../src/azure/vmAddress";
import { enableEdit } from "../../../src/core/policyEdit";
import { recommendedPorts } from "../../../src/core/portRules";
import { unprotectedVms } from "../../../src/core/unprotectedVms";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { Policy, PortRule } from "../../../src/core/types";
import {
  applyVmEdits,
  deletePolicy,
  describeWriteFailure,
  removeVms,
  WriteConflict,
} from "../../../src/manage/policyWrite";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";

const PROD = "00000000-0000-0000-0000-00000000000a";
const vmId = (rg: string, name: string) =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const ref = (resourceGroup: string, location: string, name = "default"): PolicyRef => ({
  subscriptionId: PROD,
  resourceGroup,
  location,
  name,
});
const WEB = ref("rg-web-prod", "westeurope");

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({
    token: "static-test-token",
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

let emulator: RunningEmulator;
let settings: ArmSettings;
let api: JitApi;

/** The emulator's test controls, over HTTPS trusting only its throw-away CA. */
function control(method: string, path: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}/_emulator/${path}`,
      { method, ca: emulator.caPem, headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve(text ? JSON.parse(text) : undefined));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function requestLog(): Promise<Array<{ method: string; path: string; status: number }>> {
  return ((await control("GET", "requests")) as { value: Array<{ method: string; path: string; status: number }> })
    .value;
}

function ports(policy: Policy, vm: string): PortRule[] | undefined {
  return policy.virtualMachines.find((v) => v.id.toLowerCase().endsWith(`/${vm}`))?.ports;
}

async function expectNotFound(r: PolicyRef): Promise<void> {
  await assert.rejects(api.getPolicy(r), (e: unknown) => isJitFailure(e) && e.error.kind === "notFound");
}

before(async () => {
  emulator = await startEmulator({ port: 0, scenario: "demo" });
  settings = {
    cloud: cloudByName("custom", emulator.url),
    credential,
    userAgentPrefix: "azure-jit-access-test/0.0.0",
    caPem: emulator.caPem,
    retry: { maxRetries: 0 },
  };
  api = createJitApi(settings);
});

after(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await control("POST", "reset");
});

describe("manage against the emulator", () => {
  it("shows the VMs no policy covers, then enables JIT on two of them in one new default policy", async () => {
    const listed = await listVirtualMachines(settings, PROD);
    const policies = await api.listPolicies(PROD);
    const unprotected = unprotectedVms(listed, policies);
    assert.deepEqual(unprotected.map((v) => v.name).sort(), ["build-agent-01", "legacy-win-01"]);

    const tools = ref("rg-tools", "westeurope");
    await expectNotFound(tools);
    const linux = vmId("rg-tools", "build-agent-01");
    const windows = vmId("rg-tools", "legacy-win-01");
    const outcome = await applyVmEdits(api, tools, [
      enableEdit(linux, recommendedPorts(["Linux"])),
      enableEdit(windows, recommendedPorts(["Windows"], { winRm: true })),
    ]);
    assert.equal(outcome.kind, "put");

    const read = await api.getPolicy(tools);
    assert.equal(
      read.provisioningState,
      "Updating",
      "a PUT leaves the policy Updating for a while (docs/azure-behaviour.md#put-answers-updating)",
    );
    assert.deepEqual(
      ports(read, "build-agent-01")?.map((p) => [p.number, p.maxRequestAccessDuration]),
      [[22, "PT3H"]],
    );
    assert.deepEqual(
      ports(read, "legacy-win-01")?.map((p) => p.number),
      [3389, 5985, 5986],
    );

    await control("POST", "clock", { advanceSeconds: 10 });
    assert.equal((await api.getPolicy(tools)).provisioningState, "Succeeded");
    assert.deepEqual(unprotectedVms(listed, await api.listPolicies(PROD)), []);
  });

  it("enabling a VM in an existing policy keeps every other VM, port and request", async () => {
    const beforeWrite = await api.getPolicy(WEB);
    const extra = vmId("rg-web-prod", "web-03");
    await applyVmEdits(api, WEB, [enableEdit(extra, recommendedPorts(["Linux"]))]);
    const afterWrite = await api.getPolicy(WEB);
    assert.deepEqual(
      afterWrite.virtualMachines.slice(0, beforeWrite.virtualMachines.length),
      beforeWrite.virtualMachines,
    );
    assert.equal(afterWrite.virtualMachines.length, beforeWrite.virtualMachines.length + 1);
    assert.equal(afterWrite.requests.length, beforeWrite.requests.length, "PUT does not wipe stored requests");
  });

  it("edits one VM's ports without touching the others, keeping a port someone else added meanwhile", async () => {
    const shown = await api.getPolicy(WEB);
    const win = vmId("rg-web-prod", "win-app-01");
    const before = ports(shown, "win-app-01")!;
    // Someone else adds 8080 to the same VM after our form opened.
    await api.updatePolicyVms(WEB, (vms) =>
      vms.map((vm) =>
        vm.id === win
          ? {
              ...vm,
              ports: [
                ...vm.ports,
                {
                  number: 8080,
                  protocol: "TCP",
                  allowedSourceAddressPrefixes: ["*"],
                  maxRequestAccessDuration: "PT1H",
                },
              ],
            }
          : vm,
      ),
    );
    const saved: PortRule[] = [
      { ...before[0]!, protocol: "TCP", allowedSourceAddressPrefixes: ["10.0.0.0/8", "192.168.1.10"] }, // 3389 changed
      before[2]!, // 5986 kept; 5985 removed
      { number: 443, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT30M" },
    ];
    const outcome = await applyVmEdits(api, WEB, [{ vmId: win, before, after: saved }]);
    assert.equal(outcome.kind, "put");

    const read = await api.getPolicy(WEB);
    assert.deepEqual(
      ports(read, "win-app-01")?.map((p) => p.number),
      [3389, 5986, 8080, 443],
    );
    assert.deepEqual(ports(read, "win-app-01")?.[0]?.allowedSourceAddressPrefixes, ["10.0.0.0/8", "192.168.1.10"]);
    assert.deepEqual(ports(read, "web-01"), ports(shown, "web-01"));
    assert.deepEqual(ports(read, "web-02"), ports(shown, "web-02"));
  });

  it("removing a VM's last port removes it from the policy; the others stay", async () => {
    const shown = await api.getPolicy(WEB);
    const web02 = vmId("rg-web-prod", "web-02");
    await applyVmEdits(api, WEB, [{ vmId: web02, before: ports(shown, "web-02")!, after: [] }]);
    const read = await api.getPolicy(WEB);
    assert.equal(ports(read, "web-02"), undefined);
    assert.ok(ports(read, "web-01") && ports(read, "win-app-01"));
  });

  it("disable removes only that VM; disabling the only VM deletes the policy", async () => {
    const outcome = await removeVms(api, WEB, [vmId("rg-web-prod", "web-01")]);
    assert.equal(outcome.kind, "put");
    const read = await api.getPolicy(WEB);
    assert.deepEqual(
      read.virtualMachines.map((v) => v.id.split("/").pop()),
      ["web-02", "win-app-01"],
    );

    const north = ref("rg-web-prod", "northeurope");
    // Only when the confirmation said the policy goes: it takes the request history with it.
    await assert.rejects(removeVms(api, north, [vmId("rg-web-prod", "web-ne-01")]), WriteConflict);
    await api.getPolicy(north);
    assert.equal((await removeVms(api, north, [vmId("rg-web-prod", "web-ne-01")], { mayDelete: true })).kind, "delete");
    await expectNotFound(north);
  });

  it("deletes a policy", async () => {
    const hub = ref("rg-hub", "westeurope");
    await api.getPolicy(hub);
    assert.equal((await deletePolicy(api, hub)).kind, "delete");
    await expectNotFound(hub);
  });

  it("Delete stops when a VM joined the policy after the confirmation listed its VMs", async () => {
    const listed = (await api.getPolicy(WEB)).virtualMachines.map((v) => v.id);
    await applyVmEdits(api, WEB, [enableEdit(vmId("rg-web-prod", "web-03"), recommendedPorts(["Linux"]))]);
    await assert.rejects(
      deletePolicy(api, WEB, listed),
      (e: unknown) => e instanceof WriteConflict && /web-03/.test(e.message),
    );
    assert.equal((await api.getPolicy(WEB)).virtualMachines.length, listed.length + 1, "nothing deleted");
    assert.equal((await deletePolicy(api, WEB, [...listed, vmId("rg-web-prod", "web-03")])).kind, "delete");
    await expectNotFound(WEB);
  });

  it("an edit keeps what another writer changed meanwhile on ports the user left alone", async () => {
    const shown = await api.getPolicy(WEB);
    const win = vmId("rg-web-prod", "win-app-01");
    const before = ports(shown, "win-app-01")!;
    assert.deepEqual(
      before.map((p) => p.number),
      [3389, 5985, 5986],
    );
    // While the form is open, someone narrows 3389 and removes 5986.
    await api.updatePolicyVms(WEB, (vms) =>
      vms.map((vm) =>
        vm.id === win
          ? {
              ...vm,
              ports: vm.ports
                .filter((p) => p.number !== 5986)
                .map((p) => (p.number === 3389 ? { ...p, allowedSourceAddressPrefixes: ["10.0.0.0/8"] } : p)),
            }
          : vm,
      ),
    );
    // The user changes only 5985's maximum time.
    const saved = before.map((p) => (p.number === 5985 ? { ...p, maxRequestAccessDuration: "PT30M" } : p));
    assert.equal((await applyVmEdits(api, WEB, [{ vmId: win, before, after: saved }])).kind, "put");
    const read = ports(await api.getPolicy(WEB), "win-app-01")!;
    assert.deepEqual(
      read.map((p) => p.number),
      [3389, 5985],
      "5986 stays removed",
    );
    assert.deepEqual(read[0]?.allowedSourceAddressPrefixes, ["10.0.0.0/8"], "3389 stays narrowed");
    assert.equal(read[1]?.maxRequestAccessDuration, "PT30M");
  });

  it("an edit of a VM someone removed from the policy meanwhile does not re-add it", async () => {
    const shown = await api.getPolicy(WEB);
    const web01 = vmId("rg-web-prod", "web-01");
    const before = ports(shown, "web-01")!;
    await removeVms(api, WEB, [web01]);
    await control("DELETE", "requests");
    await assert.rejects(
      applyVmEdits(api, WEB, [
        {
          vmId: web01,
          before,
          after: [
            ...before,
            { number: 8443, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT1H" },
          ],
        },
      ]),
      (e: unknown) => {
        assert.ok(e instanceof WriteConflict, String(e));
        assert.match(e.message, /web-01 is no longer in policy "default"/);
        return true;
      },
    );
    assert.ok(!(await requestLog()).some((r) => r.method === "PUT"), "nothing written");
    assert.equal(ports(await api.getPolicy(WEB), "web-01"), undefined);
  });

  it("refuses a name over 56 characters before sending anything", async () => {
    await control("DELETE", "requests");
    const long = vmId("rg-tools", "v".repeat(50));
    await assert.rejects(
      applyVmEdits(api, ref("rg-tools", "westeurope"), [enableEdit(long, recommendedPorts(["Linux"]))]),
      (e: unknown) => {
        assert.ok(isJitFailure(e) && e.error.kind === "invalidInput");
        assert.match(e.error.message, /56/);
        return true;
      },
    );
    assert.deepEqual(await requestLog(), [], "no call reached the service");
  });

  it("a forbidden write explains the permissions needed and changes nothing", async () => {
    const shown = await api.getPolicy(WEB);
    await control("POST", "faults", {
      path: "jitNetworkAccessPolicies/default$",
      method: "PUT",
      status: 403,
      code: "AuthorizationFailed",
      message:
        "The client 'jit.user@contoso.com' with object id '0000' does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/write' over scope '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-web-prod' or the scope is invalid.",
    });
    let thrown: unknown;
    try {
      await removeVms(api, WEB, [vmId("rg-web-prod", "web-01")]);
    } catch (e) {
      thrown = e;
    }
    assert.ok(isJitFailure(thrown), String(thrown));
    assert.equal(thrown.error.kind, "forbidden");
    const shownToUser = describeWriteFailure(thrown);
    assert.ok(
      shownToUser.permissions.includes("Microsoft.Security/locations/jitNetworkAccessPolicies/write"),
      shownToUser.permissions.join(),
    );
    assert.ok(
      shownToUser.permissions.some((p) => p.startsWith("Microsoft.Compute/virtualMachines/write")),
      shownToUser.permissions.join(),
    );
    assert.match(
      shownToUser.message,
      /jitNetworkAccessPolicies\/write on the resource group, and Microsoft.Compute\/virtualMachines\/write on each VM/,
    );
    await control("DELETE", "faults");
    assert.deepEqual((await api.getPolicy(WEB)).virtualMachines, shown.virtualMachines);
  });

  it("a refused DELETE names the delete permission, not write", async () => {
    const north = ref("rg-web-prod", "northeurope");
    await control("POST", "faults", {
      path: "jitNetworkAccessPolicies/default$",
      method: "DELETE",
      status: 403,
      code: "AuthorizationFailed",
      message:
        "The client 'jit.user@contoso.com' with object id '0000' does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/delete' over scope '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-web-prod' or the scope is invalid.",
    });
    for (const run of [
      () => deletePolicy(api, north),
      () => removeVms(api, north, [vmId("rg-web-prod", "web-ne-01")], { mayDelete: true }),
    ]) {
      const shown = describeWriteFailure(
        await run().then(
          () => assert.fail("expected a refusal"),
          (e: unknown) => e,
        ),
      );
      assert.deepEqual(shown.permissions, ["Microsoft.Security/locations/jitNetworkAccessPolicies/delete"]);
      assert.match(shown.message, /jitNetworkAccessPolicies\/delete/);
      assert.doesNotMatch(shown.message, /\/write/);
    }
    await control("DELETE", "faults");
    await api.getPolicy(north);
  });

  it("an Azure Policy deny keeps its own message and no permission list", async () => {
    await control("POST", "faults", {
      path: "jitNetworkAccessPolicies/default$",
      method: "PUT",
      status: 403,
      code: "RequestDisallowedByPolicy",
      message:
        'Resource \'default\' was disallowed by policy. Policy identifiers: \'[{"policyAssignment":{"name":"No JIT changes"}}]\'.',
    });
    const shown = describeWriteFailure(
      await removeVms(api, WEB, [vmId("rg-web-prod", "web-01")]).then(
        () => assert.fail("expected a refusal"),
        (e: unknown) => e,
      ),
    );
    assert.match(shown.message, /Azure Policy assignment blocks this change.*No JIT changes/);
    assert.deepEqual(shown.permissions, []);
    await control("DELETE", "faults");
  });
});
