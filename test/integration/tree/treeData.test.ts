// The data behind the tree, end to end without VS Code: the real SDK over HTTPS to the emulator's demo scenario,
// the tenant-by-tenant directory listing, the parallel loader, and the same TreeModel + presentation the view uses.
import assert from "node:assert/strict";
import { delimiter, resolve } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ArmSettings } from "../../../src/azure/clientOptions";
import { toJitError } from "../../../src/azure/errors";
import { createJitApi } from "../../../src/azure/jit";
import { loadPolicies } from "../../../src/azure/loader";
import { createCliCredential } from "../../../src/auth/cliCredential";
import { loadDirectory } from "../../../src/auth/directory";
import { VsCodeSessionCredential } from "../../../src/auth/vscodeSessionCredential";
import { presentNode } from "../../../src/tree/nodePresentation";
import type { TreeNode } from "../../../src/tree/nodes";
import { TreeModel } from "../../../src/tree/treeModel";
import { FAKE_TOKEN, startHarness, type Harness } from "../../support/azureHarness";

const CONTOSO = "10000000-0000-4000-8000-000000000001";
const FABRIKAM = "20000000-0000-4000-8000-000000000002";
const SANDBOX = "00000000-0000-0000-0000-00000000000b";

/** The whole tree as indented "label — description" lines, every node expanded. */
function render(
  model: TreeModel,
  roots: TreeNode[],
  results: Map<string, Awaited<ReturnType<typeof loadPolicies>>[number]>,
  serverNow: number,
): string[] {
  const lines: string[] = [];
  const walk = (node: TreeNode, depth: number): void => {
    const item = presentNode(node, { serverNow });
    lines.push(
      `${"  ".repeat(depth)}${item.label}${item.description ? ` — ${item.description}` : ""} [${item.contextValue}]`,
    );
    for (const child of model.children(node, (id) => results.get(id.toLowerCase()))) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines;
}

describe("tree data against the emulator (demo scenario)", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.control("POST", "/_emulator/reset");
  });

  async function loadTree(settingsFor: (tenantId?: string) => ArmSettings) {
    const directory = await loadDirectory(settingsFor);
    const apis = new Map<string, ReturnType<typeof createJitApi>>();
    const loaded = await loadPolicies(directory.subscriptions, (s) => {
      let api = apis.get(s.tenantId);
      if (!api) apis.set(s.tenantId, (api = createJitApi(settingsFor(s.tenantId))));
      return api;
    });
    const results = new Map(loaded.map((r) => [r.subscription.subscriptionId.toLowerCase(), r]));
    const model = new TreeModel();
    const roots = model.subscriptions(directory.subscriptions);
    return { directory, loaded, results, model, roots };
  }

  it("lists tenants, then each tenant's subscriptions with that tenant's credential, deduped", async () => {
    const asked: Array<string | undefined> = [];
    const byTenant = new Map<string, ArmSettings>();
    const { directory } = await loadTree((tenantId) => {
      if (!byTenant.has(tenantId ?? "")) {
        asked.push(tenantId);
        byTenant.set(tenantId ?? "", h.newSettings());
      }
      return byTenant.get(tenantId ?? "")!;
    });
    assert.deepEqual(asked.sort(), [CONTOSO, FABRIKAM, undefined].sort());
    assert.deepEqual(directory.tenants.map((t) => t.displayName).sort(), ["Contoso", "Fabrikam"]);
    // The fake token has no tenant claim, so each tenant's call sees all three: the dedupe must leave three.
    assert.deepEqual(
      directory.subscriptions.map((s) => s.displayName),
      ["Contoso Production", "Contoso Sandbox", "Fabrikam Engineering"],
    );
    assert.deepEqual(directory.failedTenants, []);
  });

  it("shows a directory whose silent token fails as an item with the reason and its own sign-in", async () => {
    // VS Code has a session for every directory but Fabrikam (MFA or consent pending there).
    const auth = {
      getSession: async (_provider: string, scopes: readonly string[]) =>
        scopes.includes(`VSCODE_TENANT:${FABRIKAM}`) ? undefined : { accessToken: FAKE_TOKEN },
    };
    const { directory, model } = await loadTree((tenantId) =>
      h.newSettings({ credential: new VsCodeSessionCredential("microsoft-sovereign-cloud", tenantId, auth as never) }),
    );
    assert.deepEqual(
      directory.failedTenants.map((f) => [f.tenant.displayName, f.error.kind]),
      [["Fabrikam", "notSignedIn"]],
    );
    const lines = render(model, model.directoryErrors(directory.failedTenants), new Map(), h.clock.now(Date.now()));
    assert.deepEqual(lines, [
      "Directory Fabrikam: subscriptions not shown — sign-in required [azureJit.directoryError]",
      "  Sign in to this directory… [azureJit.action.signIn]",
      "  Retry [azureJit.action.retry]",
    ]);
    const signIn = model.get(`tenant:${FABRIKAM}/error/signIn`);
    assert.ok(
      signIn?.kind === "action" && signIn.target.tenant?.tenantId === FABRIKAM,
      "the action carries the directory",
    );
  });

  it("builds the whole tree, with the forbidden subscription as one error item and the rest working", async () => {
    const { results, model, roots } = await loadTree(() => h.settings);
    const lines = render(model, roots, results, h.clock.now(Date.now()));
    const text = lines.join("\n");

    assert.equal(lines[0], "Contoso Production [azureJit.subscription]");
    for (const expected of [
      "  West Europe — 3 policies [azureJit.location]",
      "  North Europe — 1 policy [azureJit.location]",
      "      web-01 — 1 port [azureJit.vm]",
      "      web-02 — 1 port · 1 open [azureJit.vm]",
      "      win-app-01 — 3 ports [azureJit.vm]",
      "        3389 · RDP — closed [azureJit.port.closed]",
      "        5986 · WinRM (HTTPS) — closed [azureJit.port.closed]",
      "      jumpbox-01 — 1 port [azureJit.vm]",
      "Contoso Sandbox [azureJit.subscription]",
      "    Show required permissions [azureJit.action.permissions]",
      "    Retry [azureJit.action.retry]",
      "Fabrikam Engineering [azureJit.subscription]",
      "  East US — 1 policy [azureJit.location]",
      "  West US 2 — 1 policy [azureJit.location]",
      "    integration-test-env-jit-policy — 1 VM · rg-integration [azureJit.policy]",
      "        60001 — closed [azureJit.port.closed]",
    ]) {
      assert.ok(lines.includes(expected), `missing line ${JSON.stringify(expected)} in\n${text}`);
    }
    // Bob's request: started 30 min ago for 3 h.
    assert.match(text, /\n {8}22 · SSH — open · 2 h (29|30) min left \[azureJit\.port\.open\]/);
    // Alice's and jit.user's requests on web-01 ended long ago.
    assert.match(text, /web-01 — 1 port \[azureJit\.vm\]\n {8}22 · SSH — ended .* ago \[azureJit\.port\.ended\]/);

    const sandbox = results.get(SANDBOX)!;
    assert.equal(sandbox.policies, undefined);
    assert.equal(sandbox.error?.kind, "forbidden");
    const errorLine = lines[lines.indexOf("Contoso Sandbox [azureJit.subscription]") + 1]!;
    assert.match(errorLine, /^ {2}.+ \[azureJit\.error\]$/);
    // Two policies named "default" in one region: the resource group in the description tells them apart.
    assert.ok(lines.includes("    default — 3 VMs · rg-web-prod [azureJit.policy]"), text);
    assert.ok(lines.includes("    default — 2 VMs · rg-hub [azureJit.policy]"), text);
    assert.ok(!errorLine.includes("AuthorizationFailed"), "the reason is in words, not the service code");
  });

  it("puts the latest request and the firewall mapping in the port tooltip", async () => {
    const { results, model, roots } = await loadTree(() => h.settings);
    const serverNow = h.clock.now(Date.now());
    const all: TreeNode[] = [];
    const walk = (n: TreeNode): void => {
      all.push(n);
      for (const c of model.children(n, (id) => results.get(id.toLowerCase()))) walk(c);
    };
    roots.forEach(walk);
    const web02 = all.find((n) => n.kind === "port" && n.vmId.endsWith("/web-02"))!;
    const tooltip = presentNode(web02, { serverNow }).tooltip ?? "";
    assert.match(tooltip, /Requestor: bob\\@contoso\\\.com/);
    assert.match(tooltip, /Justification: Investigating incident INC\\-1042/);
    assert.match(tooltip, /Source: `198\.51\.100\.42`/);

    // Request the jumpbox through the firewall, then the tree shows the DNAT mapping.
    const hub = all.find((n) => n.kind === "policy" && n.policy.resourceGroup === "rg-hub");
    assert.ok(hub && hub.kind === "policy");
    const jumpbox = hub.policy.virtualMachines.find((v) => v.id.endsWith("/jumpbox-01"))!;
    const ref = {
      subscriptionId: hub.policy.subscriptionId,
      resourceGroup: "rg-hub",
      location: hub.policy.location,
      name: hub.policy.name,
    };
    const api = createJitApi(h.settings);
    await api.initiate(ref, {
      virtualMachines: [
        { id: jumpbox.id, ports: [{ number: 22, endTimeUtc: new Date(serverNow + 3_600_000).toISOString() }] },
      ],
    });
    const reread = await api.getPolicy(ref);
    model.updatePolicy(reread);
    const port = model.get(`${model.policy(reread).id}/vm:${jumpbox.id.toLowerCase()}/port:22`);
    assert.ok(port, "the port node kept its id");
    const after = presentNode(port, { serverNow: h.clock.now(Date.now()) });
    assert.match(after.description ?? "", /^(opening…|open · )/);
    assert.ok((after.tooltip ?? "").includes("Firewall: `20.61.99.1:50000 → 22`"), after.tooltip);
  });

  it("still loads every readable subscription through a 429 storm with Retry-After", async () => {
    await h.control("POST", "/_emulator/faults", {
      path: "jitNetworkAccessPolicies",
      method: "GET",
      status: 429,
      retryAfterSeconds: 1,
      count: 3,
    });
    const logs: Array<number | "error"> = [];
    const settings = h.newSettings({
      retry: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 2_000 },
      log: (e) => logs.push(e.status),
    });
    const { loaded } = await loadTree(() => settings);
    assert.ok(logs.filter((s) => s === 429).length >= 1, `saw ${JSON.stringify(logs)}`);
    const byName = new Map(loaded.map((r) => [r.subscription.displayName, r]));
    assert.equal(byName.get("Contoso Production")?.policies?.length, 4);
    assert.equal(byName.get("Fabrikam Engineering")?.policies?.length, 2);
    assert.equal(byName.get("Contoso Sandbox")?.error?.kind, "forbidden");
  });
});

describe("Azure CLI mode against the emulator (fake az)", () => {
  let h: Harness;
  const saved = { PATH: process.env.PATH, FAKE_AZ_MODE: process.env.FAKE_AZ_MODE };
  before(async () => {
    h = await startHarness();
    process.env.PATH = `${resolve(__dirname, "../../fixtures/fake-az")}${delimiter}${process.env.PATH}`;
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await h.close();
  });

  it("lists the directory with one CLI credential per tenant", async () => {
    delete process.env.FAKE_AZ_MODE;
    const directory = await loadDirectory((tenantId) => h.newSettings({ credential: createCliCredential(tenantId) }));
    assert.equal(directory.subscriptions.length, 3);
  });

  it("says to run az login when the CLI is signed out", async () => {
    process.env.FAKE_AZ_MODE = "logged-out";
    try {
      await assert.rejects(
        loadDirectory((tenantId) => h.newSettings({ credential: createCliCredential(tenantId) })),
        (e: unknown) => {
          const error = toJitError(e, "read");
          assert.equal(error.kind, "notSignedIn");
          assert.match(`${error.message} ${error.detail ?? ""}`, /az login/);
          return true;
        },
      );
    } finally {
      delete process.env.FAKE_AZ_MODE;
    }
  });
});
