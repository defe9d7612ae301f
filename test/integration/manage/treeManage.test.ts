// "Not configured" and "updating…" end to end without VS Code: the real SDK over HTTPS to the emulator's demo
// scenario (emulator/README.md: build-agent-01 and legacy-win-01 in rg-tools are in no policy), the VM listing
// and the uncovered-VM rule src/manage/unprotectedVms.ts combines, the manage write path
// (src/manage/policyWrite.ts), and the same TreeModel + presentation the view renders.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createJitApi, type JitApi } from "../../../src/azure/jit";
import { loadPolicies, type SubscriptionPolicies } from "../../../src/azure/loader";
import { listVirtualMachines } from "../../../src/azure/vmAddress";
import { toJitError } from "../../../src/azure/errors";
import { enableEdit } from "../../../src/core/policyEdit";
import { recommendedPorts } from "../../../src/core/portRules";
import { unprotectedVms } from "../../../src/core/unprotectedVms";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { Subscription } from "../../../src/core/types";
import { applyVmEdits, removeVms } from "../../../src/manage/policyWrite";
import { presentNode } from "../../../src/tree/nodePresentation";
import { ids, type TreeNode } from "../../../src/tree/nodes";
import { TreeModel, type UnprotectedResult } from "../../../src/tree/treeModel";
import { startHarness, type Harness } from "../../support/azureHarness";

const PROD = "00000000-0000-0000-0000-00000000000a";
const SANDBOX = "00000000-0000-0000-0000-00000000000b";
const FABRIKAM = "00000000-0000-0000-0000-00000000000c";
const vmId = (rg: string, name: string) =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const TOOLS: PolicyRef = { subscriptionId: PROD, resourceGroup: "rg-tools", location: "westeurope", name: "default" };

describe("tree: Not configured and updating… against the emulator (demo scenario)", () => {
  let h: Harness;
  let api: JitApi;
  let subscriptions: Subscription[];

  before(async () => {
    h = await startHarness();
    api = createJitApi(h.settings);
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
    subscriptions = [
      { subscriptionId: PROD, tenantId: "t1", displayName: "Contoso Production" },
      { subscriptionId: SANDBOX, tenantId: "t1", displayName: "Contoso Sandbox" },
      { subscriptionId: FABRIKAM, tenantId: "t2", displayName: "Fabrikam Engineering" },
    ];
  });

  /** What the view holds: the model, each subscription's policies, and its cached VM listing. */
  async function loadView() {
    const model = new TreeModel();
    const roots = model.subscriptions(subscriptions);
    const results = new Map<string, SubscriptionPolicies>();
    for (const r of await loadPolicies(subscriptions, () => api))
      results.set(r.subscription.subscriptionId.toLowerCase(), r);
    const listings = new Map<string, Awaited<ReturnType<typeof listVirtualMachines>>>();
    /** The provider's updateUnprotected(): cached listing minus what the loaded policies cover; none if they failed. */
    const updateUnprotected = async (subscriptionId: string): Promise<TreeNode[]> => {
      const result = results.get(subscriptionId.toLowerCase());
      if (!result || result.error) return model.setUnprotected(subscriptionId, undefined);
      let unprotected: UnprotectedResult;
      try {
        let listed = listings.get(subscriptionId);
        if (!listed) listings.set(subscriptionId, (listed = await listVirtualMachines(h.settings, subscriptionId)));
        unprotected = { vms: unprotectedVms(listed, result.policies ?? []) };
      } catch (e) {
        unprotected = { error: toJitError(e, "read") };
      }
      return model.setUnprotected(subscriptionId, unprotected);
    };
    /** The store applying a re-read after a write (new policies join their subscription's list). */
    const reread = async (subscriptionId: string): Promise<void> => {
      const result = results.get(subscriptionId.toLowerCase())!;
      const policies = await api.listPolicies(subscriptionId);
      results.set(subscriptionId.toLowerCase(), { subscription: result.subscription, policies });
      for (const p of policies) model.updatePolicy(p);
    };
    const render = (): string[] => {
      const lines: string[] = [];
      const walk = (node: TreeNode, depth: number): void => {
        const item = presentNode(node, { serverNow: h.clock.now(Date.now()) });
        lines.push(
          `${"  ".repeat(depth)}${item.label}${item.description ? ` — ${item.description}` : ""} [${item.contextValue}]`,
        );
        for (const child of model.children(node, (id) => results.get(id.toLowerCase()))) walk(child, depth + 1);
      };
      roots.forEach((r) => walk(r, 0));
      return lines;
    };
    return { model, results, updateUnprotected, reread, render };
  }

  /** The lines under a subscription, up to the next subscription. */
  function section(lines: string[], name: string): string[] {
    const start = lines.indexOf(`${name} [azureJit.subscription]`);
    assert.ok(start >= 0, `no ${name} in\n${lines.join("\n")}`);
    const end = lines.findIndex((l, i) => i > start && !l.startsWith(" "));
    return lines.slice(start + 1, end < 0 ? undefined : end);
  }

  it("lists the demo's uncovered VMs under Not configured, and none where the policies cannot be read", async () => {
    const view = await loadView();
    assert.equal(
      view.render().some((l) => l.includes("Not configured")),
      false,
      "nothing before a subscription is expanded",
    );
    for (const s of subscriptions) await view.updateUnprotected(s.subscriptionId);
    const lines = view.render();

    const prod = section(lines, "Contoso Production");
    const groupAt = prod.indexOf("  Not configured — 2 VMs without JIT [azureJit.notConfigured]");
    assert.ok(groupAt > 0, prod.join("\n"));
    assert.ok(
      prod.slice(0, groupAt).some((l) => l.endsWith("[azureJit.location]")),
      "after the locations",
    );
    assert.deepEqual(prod.slice(groupAt + 1), [
      "    build-agent-01 — not configured · westeurope · Linux [azureJit.unprotectedVm]",
      "    legacy-win-01 — not configured · westeurope · Windows [azureJit.unprotectedVm]",
    ]);
    // Sandbox: JIT is forbidden there, so which of its (readable) VMs are protected is unknown.
    assert.ok(!section(lines, "Contoso Sandbox").some((l) => l.includes("Not configured")));
    // Fabrikam: every VM is in a policy.
    assert.ok(!section(lines, "Fabrikam Engineering").some((l) => l.includes("Not configured")));
  });

  it("an enabled VM leaves the group at once; the new policy says updating… until Azure reports Succeeded", async () => {
    const view = await loadView();
    await view.updateUnprotected(PROD);
    view.render();
    const group = view.model.get(ids.notConfigured(PROD));
    assert.ok(group, "the view has shown the group");

    const outcome = await applyVmEdits(api, TOOLS, [
      enableEdit(vmId("rg-tools", "build-agent-01"), recommendedPorts(["Linux"])),
    ]);
    assert.equal(outcome.kind, "put");
    await view.reread(PROD);
    const changed = await view.updateUnprotected(PROD);
    assert.deepEqual(changed, [group], "only the group re-renders");

    let prod = section(view.render(), "Contoso Production");
    assert.ok(prod.includes("  Not configured — 1 VM without JIT [azureJit.notConfigured]"), prod.join("\n"));
    assert.ok(!prod.some((l) => l.includes("build-agent-01 — not configured")), prod.join("\n"));
    assert.ok(prod.includes("    legacy-win-01 — not configured · westeurope · Windows [azureJit.unprotectedVm]"));
    assert.ok(prod.includes("    default — 1 VM · rg-tools · updating… [azureJit.policy]"), prod.join("\n"));
    assert.ok(prod.includes("      build-agent-01 — 1 port [azureJit.vm]"), prod.join("\n"));

    await h.control("POST", "/_emulator/clock", { advanceSeconds: 10 });
    await view.reread(PROD);
    prod = section(view.render(), "Contoso Production");
    assert.ok(prod.includes("    default — 1 VM · rg-tools [azureJit.policy]"), prod.join("\n"));
  });

  it("enabling the last one removes the group; disabling brings the VM back", async () => {
    const view = await loadView();
    await view.updateUnprotected(PROD);
    view.render();
    await applyVmEdits(api, TOOLS, [
      enableEdit(vmId("rg-tools", "build-agent-01"), recommendedPorts(["Linux"])),
      enableEdit(vmId("rg-tools", "legacy-win-01"), recommendedPorts(["Windows"])),
    ]);
    await view.reread(PROD);
    assert.deepEqual(
      (await view.updateUnprotected(PROD)).map((n) => n.id),
      [ids.subscription(PROD)],
      "the subscription re-renders",
    );
    assert.ok(!section(view.render(), "Contoso Production").some((l) => l.includes("Not configured")));

    await removeVms(api, TOOLS, [vmId("rg-tools", "legacy-win-01")]);
    await view.reread(PROD);
    await view.updateUnprotected(PROD);
    const prod = section(view.render(), "Contoso Production");
    assert.ok(prod.includes("  Not configured — 1 VM without JIT [azureJit.notConfigured]"), prod.join("\n"));
    assert.ok(
      prod.includes("    legacy-win-01 — not configured · westeurope · Windows [azureJit.unprotectedVm]"),
      prod.join("\n"),
    );
  });

  it("a refused VM listing shows under Not configured, naming the VM permission, with a retry", async () => {
    await h.control("POST", "/_emulator/faults", {
      path: "providers/Microsoft.Compute/virtualMachines$",
      method: "GET",
      status: 403,
      code: "AuthorizationFailed",
    });
    const view = await loadView();
    await view.updateUnprotected(PROD);
    const prod = section(view.render(), "Contoso Production");
    const at = prod.indexOf("  Not configured — VMs could not be listed [azureJit.notConfigured]");
    assert.ok(at > 0, prod.join("\n"));
    assert.match(prod[at + 1]!, /^ {4}.*Microsoft\.Compute\/virtualMachines\/read.* \[azureJit\.error\]$/);
    assert.equal(prod[at + 2], "      Retry [azureJit.action.retry]");
    // The policies themselves are untouched by the failed listing.
    assert.ok(prod.some((l) => l.startsWith("  West Europe")));
  });
});
