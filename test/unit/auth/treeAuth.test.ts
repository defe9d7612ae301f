import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { explainCliError } from "../../../src/auth/cliCredential";
import { cloudChoice } from "../../../src/auth/cloudChoice";
import {
  ALL_SUBSCRIPTIONS,
  dedupeSubscriptions,
  failedTenantsToShow,
  filterSubscriptions,
  pickOutcome,
  selectionEntries,
} from "../../../src/auth/subscriptionFilter";
import {
  NotSignedInError,
  SignInUnavailableError,
  VsCodeSessionCredential,
  reuseUntil,
  silentSession,
} from "../../../src/auth/vscodeSessionCredential";
import type { Subscription } from "../../../src/core/types";

const subA: Subscription = {
  subscriptionId: "AAAA0000-0000-0000-0000-00000000000A",
  tenantId: "T1",
  displayName: "Alpha",
};
const subB: Subscription = {
  subscriptionId: "bbbb0000-0000-0000-0000-00000000000b",
  tenantId: "t2",
  displayName: "Beta",
};
const subC: Subscription = {
  subscriptionId: "cccc0000-0000-0000-0000-00000000000c",
  tenantId: "t1",
  displayName: "Gamma",
};

describe("cloud choice from microsoft-sovereign-cloud settings", () => {
  it("defaults to public Azure and the microsoft provider", () => {
    assert.deepEqual(cloudChoice(undefined, undefined), { cloudName: "AzureCloud", providerId: "microsoft" });
    assert.deepEqual(cloudChoice("something else", {}), { cloudName: "AzureCloud", providerId: "microsoft" });
  });
  it("maps China and US Government to the sovereign provider", () => {
    assert.equal(cloudChoice("ChinaCloud", undefined).cloudName, "AzureChinaCloud");
    assert.equal(cloudChoice("USGovernment", undefined).providerId, "microsoft-sovereign-cloud");
  });
  it("takes a custom cloud's resourceManagerEndpointUrl", () => {
    assert.deepEqual(
      cloudChoice("custom", { name: "JitEmulator", resourceManagerEndpointUrl: "https://127.0.0.1:4443/" }),
      {
        cloudName: "custom",
        customResourceManagerUrl: "https://127.0.0.1:4443/",
        providerId: "microsoft-sovereign-cloud",
      },
    );
    assert.deepEqual(cloudChoice("custom", "nonsense"), {
      cloudName: "custom",
      providerId: "microsoft-sovereign-cloud",
    });
  });
  it("takes a custom cloud's activeDirectoryResourceId as the token audience, ignoring a blank one", () => {
    const stack = {
      resourceManagerEndpointUrl: "https://management.local.azurestack.external/",
      activeDirectoryResourceId: " https://management.adfs.azurestack.local/guid/ ",
    };
    assert.equal(cloudChoice("custom", stack).customTokenAudience, "https://management.adfs.azurestack.local/guid/");
    assert.equal("customTokenAudience" in cloudChoice("custom", { ...stack, activeDirectoryResourceId: "  " }), false);
    assert.equal("customTokenAudience" in cloudChoice("custom", { ...stack, activeDirectoryResourceId: 42 }), false);
  });
});

describe("subscription selection", () => {
  const all = [subA, subB, subC];
  it("shows all without any selection", () => {
    assert.deepEqual(filterSubscriptions(all, undefined, undefined), {
      subscriptions: all,
      source: "all",
      entries: [],
    });
    assert.equal(filterSubscriptions(all, [], []).source, "all");
  });
  it("honours the Azure Resources view's tenant/subscription entries, case-insensitively", () => {
    const r = filterSubscriptions(all, undefined, [
      "t1/aaaa0000-0000-0000-0000-00000000000a",
      "t9/bbbb0000-0000-0000-0000-00000000000b",
    ]);
    assert.deepEqual(r, {
      subscriptions: [subA],
      source: "azureResources",
      entries: ["t1/aaaa0000-0000-0000-0000-00000000000a", "t9/bbbb0000-0000-0000-0000-00000000000b"],
    });
  });
  it("lets our own selection win, bare ids included", () => {
    const r = filterSubscriptions(
      all,
      ["cccc0000-0000-0000-0000-00000000000c"],
      ["t1/aaaa0000-0000-0000-0000-00000000000a"],
    );
    assert.deepEqual(r, {
      subscriptions: [subC],
      source: "azureJit",
      entries: ["cccc0000-0000-0000-0000-00000000000c"],
    });
  });
  it("ignores a selection that names nothing visible instead of emptying the tree", () => {
    assert.equal(filterSubscriptions(all, ["t1/unknown"], 42).source, "all");
  });
  it("shows every subscription when ours says all, even with an Azure Resources filter", () => {
    const r = filterSubscriptions(all, [ALL_SUBSCRIPTIONS], ["t1/aaaa0000-0000-0000-0000-00000000000a"]);
    assert.deepEqual(r, { subscriptions: all, source: "azureJit", entries: [] });
    assert.equal(filterSubscriptions(all, [" * "], undefined).subscriptions.length, 3);
  });
  it("writes tenant/subscription entries", () => {
    assert.deepEqual(selectionEntries([subB]), ["t2/bbbb0000-0000-0000-0000-00000000000b"]);
  });
  it("dedupes a subscription seen through two tenants and sorts by name", () => {
    const guest = { ...subA, subscriptionId: subA.subscriptionId.toLowerCase(), tenantId: "t2" };
    assert.deepEqual(
      dedupeSubscriptions([
        [subC, subA],
        [guest, subB],
      ]),
      [subA, subB, subC],
    );
  });
});

describe("VS Code session credential", () => {
  const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString("base64url")}.s`;

  it("asks VS Code silently on every getToken, with the tenant", async () => {
    const calls: Array<{ provider: string; scopes: readonly string[]; options: unknown }> = [];
    let n = 0;
    const auth = {
      getSession: async (provider: string, scopes: readonly string[], options: unknown) => {
        calls.push({ provider, scopes, options });
        return { id: "s", accessToken: `token-${++n}`, account: { id: "a", label: "a" }, scopes };
      },
    };
    const credential = new VsCodeSessionCredential("microsoft-sovereign-cloud", "tenant-1", auth as never, () => 1_000);
    const first = await credential.getToken("https://127.0.0.1:4443/.default");
    const second = await credential.getToken(["https://127.0.0.1:4443/.default"]);
    assert.equal(first?.token, "token-1");
    assert.equal(second?.token, "token-2");
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[0], {
      provider: "microsoft-sovereign-cloud",
      scopes: ["https://127.0.0.1:4443/.default", "VSCODE_TENANT:tenant-1"],
      options: { silent: true },
    });
  });

  it("a provider that never answers a silent lookup fails after the bound, naming the provider (no endless spinner)", async () => {
    const never = { getSession: () => new Promise<never>(() => undefined) };
    await assert.rejects(
      silentSession(never as never, "microsoft-sovereign-cloud", ["s/.default"], 20),
      (e: unknown) => {
        assert.ok(e instanceof SignInUnavailableError);
        assert.match((e as Error).message, /microsoft-sovereign-cloud/);
        return true;
      },
    );
    const quick = { getSession: async () => ({ accessToken: "x" }) };
    assert.deepEqual(await silentSession(quick as never, "microsoft", ["s"], 20), { accessToken: "x" });
  });

  it("prefers the tenant the SDK asks for", async () => {
    let scopes: readonly string[] = [];
    const auth = { getSession: async (_p: string, s: readonly string[]) => ((scopes = s), { accessToken: "x" }) };
    await new VsCodeSessionCredential("microsoft", undefined, auth as never).getToken("s/.default", { tenantId: "t9" });
    assert.deepEqual(scopes, ["s/.default", "VSCODE_TENANT:t9"]);
  });

  it("throws a not-signed-in error (classified by name) when there is no session", async () => {
    const auth = { getSession: async () => undefined };
    await assert.rejects(
      new VsCodeSessionCredential("microsoft", undefined, auth as never).getToken("s"),
      (e: unknown) => {
        assert.ok(e instanceof NotSignedInError);
        assert.equal(e.name, "CredentialUnavailableError");
        assert.match(e.message, /Sign in to Azure/);
        return true;
      },
    );
  });

  it("never reports a token as valid past its own exp, nor longer than five minutes", () => {
    const now = 1_000_000_000_000;
    assert.equal(reuseUntil(jwt(now / 1000 + 3600), now), now + 5 * 60_000);
    assert.equal(reuseUntil(jwt(now / 1000 + 60), now), now + 60_000);
    assert.equal(reuseUntil("opaque-token", now), now + 60_000);
    assert.equal(reuseUntil("a.!!!.b", now), now + 60_000);
  });
});

describe("Azure CLI errors", () => {
  it("says what to do when az is missing", () => {
    const e = explainCliError(
      new Error("Azure CLI could not be found. Please visit https://aka.ms/azure-cli"),
      undefined,
    );
    assert.ok(e instanceof NotSignedInError);
    assert.match(e.message, /not found/);
    assert.match(e.message, /azureJit\.authentication/);
  });
  it("names the tenant when az is not logged in to it", () => {
    const e = explainCliError(
      new Error("Please run 'az login' from a command prompt to authenticate before using this credential."),
      "t-1",
    );
    assert.ok(e instanceof NotSignedInError);
    assert.match(e.message, /az login --tenant t-1/);
  });
  it("passes other errors through", () => {
    const original = new Error("boom");
    assert.equal(explainCliError(original, undefined), original);
  });
});

describe("what the subscription quick pick writes", () => {
  const all = [subA, subB, subC];
  const azureResources = ["t1/aaaa0000-0000-0000-0000-00000000000a"];

  it("remembers all ticked as all, which beats the Azure Resources filter", () => {
    const outcome = pickOutcome(all, all, azureResources);
    assert.deepEqual(outcome, { kind: "write", value: ["*"] });
    if (outcome.kind !== "write") return;
    assert.deepEqual(filterSubscriptions(all, outcome.value, azureResources).subscriptions, all);
  });
  it("remembers a partial pick by tenant and subscription", () => {
    assert.deepEqual(pickOutcome([subB], all, azureResources), {
      kind: "write",
      value: ["t2/bbbb0000-0000-0000-0000-00000000000b"],
    });
  });
  it("asks before clearing on none ticked, saying what shows instead", () => {
    assert.deepEqual(pickOutcome([], all, azureResources), { kind: "confirmClear", then: "azureResources" });
    assert.deepEqual(pickOutcome([], all, undefined), { kind: "confirmClear", then: "all" });
    // An Azure Resources selection naming nothing visible is no filter.
    assert.deepEqual(pickOutcome([], all, ["t9/unknown"]), { kind: "confirmClear", then: "all" });
  });
});

describe("directories that refused their token, under a selection", () => {
  const all = [subA, subB, subC];
  const fabrikam = { tenant: { tenantId: "T2" }, error: { kind: "notSignedIn" as const, message: "Sign in" } };
  const other = { tenant: { tenantId: "t3" }, error: { kind: "notSignedIn" as const, message: "Sign in" } };

  it("all show when nothing is filtered", () => {
    assert.deepEqual(failedTenantsToShow([fabrikam, other], filterSubscriptions(all, undefined, undefined)), [
      fabrikam,
      other,
    ]);
    assert.deepEqual(failedTenantsToShow([fabrikam], filterSubscriptions(all, ["*"], undefined)), [fabrikam]);
  });
  it("only those a tenant/subscription entry names show under a filter", () => {
    const filtered = filterSubscriptions(all, ["t1/aaaa0000-0000-0000-0000-00000000000a", "t2/dddd"], undefined);
    assert.deepEqual(failedTenantsToShow([fabrikam, other], filtered), [fabrikam]);
  });
  it("all show when a bare id names nothing visible: it may be in one of them", () => {
    const filtered = filterSubscriptions(all, ["cccc0000-0000-0000-0000-00000000000c", "dddd"], undefined);
    assert.deepEqual(failedTenantsToShow([fabrikam, other], filtered), [fabrikam, other]);
    const visibleOnly = filterSubscriptions(all, ["cccc0000-0000-0000-0000-00000000000c"], undefined);
    assert.deepEqual(failedTenantsToShow([fabrikam, other], visibleOnly), []);
  });
});
