import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { locationDisplayName } from "../../../src/tree/locationNames";
import { md } from "../../../src/tree/markdown";
import {
  errorActions,
  presentAction,
  presentError,
  presentLocation,
  presentPolicy,
  presentSubscription,
  presentVm,
  vmDescription,
} from "../../../src/tree/nodePresentation";
import { ids } from "../../../src/tree/nodes";
import { firewallMapping, portIcon, presentPort } from "../../../src/tree/portPresentation";
import { portLabel } from "../../../src/tree/portNames";
import { utcText } from "../../../src/tree/timeText";
import { JUMP, MIN, NOW, SUB, WEB01, WEB02, WIN, hubPolicy, webPolicy } from "../../support/treeFixtures";

const options = { serverNow: NOW, warningMs: 5 * MIN, localFormat: (ms: number) => `local(${ms})` };

describe("port labels", () => {
  it("name the well-known JIT ports", () => {
    assert.equal(portLabel(22), "22 · SSH");
    assert.equal(portLabel(3389), "3389 · RDP");
    assert.equal(portLabel(5985), "5985 · WinRM");
    assert.equal(portLabel(5986), "5986 · WinRM (HTTPS)");
    assert.equal(portLabel(60001), "60001");
  });
});

describe("port items", () => {
  it("an open port: time left, green check, open contextValue", () => {
    const item = presentPort(webPolicy(), WEB02, 22, options);
    assert.equal(item.label, "22 · SSH");
    assert.equal(item.description, "open · 41 min left");
    assert.deepEqual(item.icon, { id: "pass-filled", color: "charts.green" });
    assert.equal(item.contextValue, "azureJit.port.open");
    assert.equal(item.collapsible, "none");
    assert.equal(item.id, ids.port(webPolicy().id, WEB02, 22));
  });

  it("an open port about to end turns yellow", () => {
    const item = presentPort(webPolicy(), WEB02, 22, { ...options, serverNow: NOW + 38 * MIN });
    assert.equal(item.description, "open · 3 min left");
    assert.deepEqual(item.icon, { id: "watch", color: "list.warningForeground" });
  });

  it("an ended request: how long ago, greyed history icon", () => {
    const item = presentPort(webPolicy(), WEB01, 22, options);
    assert.equal(item.description, "ended 12 min ago");
    assert.deepEqual(item.icon, { id: "history", color: "disabledForeground" });
    assert.equal(item.contextValue, "azureJit.port.ended");
  });

  it("opening, replaced and closed ports", () => {
    const opening = presentPort(webPolicy(), WIN, 3389, options);
    assert.equal(opening.description, "opening…");
    assert.deepEqual(opening.icon, { id: "loading~spin", color: "charts.blue" });
    assert.equal(opening.contextValue, "azureJit.port.opening");

    const replaced = presentPort(webPolicy(), WIN, 5985, options);
    assert.equal(replaced.description, "replaced by a newer request");
    assert.equal(replaced.contextValue, "azureJit.port.replaced");
    assert.deepEqual(replaced.icon, { id: "arrow-swap", color: "descriptionForeground" });

    const closed = presentPort(webPolicy(), WIN, 5986, options);
    assert.equal(closed.label, "5986 · WinRM (HTTPS)");
    assert.equal(closed.description, "closed");
    assert.deepEqual(closed.icon, { id: "lock", color: "icon.foreground" });
    assert.equal(closed.contextValue, "azureJit.port.closed");
  });

  it("a revoked port: circle-slash in the error colour", () => {
    const policy = webPolicy();
    policy.requests[0]!.virtualMachines[0]!.ports[0]!.statusReason = "UserRequested";
    const item = presentPort(policy, WEB01, 22, options);
    assert.equal(item.description, "revoked");
    assert.deepEqual(item.icon, { id: "circle-slash", color: "errorForeground" });
    assert.equal(item.contextValue, "azureJit.port.revoked");
  });

  it("gives every state its own codicon, each with a theme colour", () => {
    const icons = (["none", "opening", "open", "ended", "replaced", "revoked"] as const).map((kind) =>
      portIcon({ kind }),
    );
    assert.equal(new Set(icons.map((i) => i.id)).size, icons.length);
    for (const icon of icons) assert.ok(icon.color, `${icon.id} has a colour`);
  });

  it("a countdown passing its end shows ended without a new read", () => {
    const item = presentPort(webPolicy(), WEB02, 22, { ...options, serverNow: NOW + 42 * MIN });
    assert.match(item.description ?? "", /^ended/);
  });

  it("tooltip: rule, latest request in local time and UTC, with remote text escaped", () => {
    const tooltip = presentPort(webPolicy(), WEB02, 22, options).tooltip ?? "";
    assert.match(tooltip, /Protocol: TCP/);
    assert.match(tooltip, /Allowed sources: any/);
    assert.match(tooltip, /Maximum duration: 3 h \\\(PT3H\\\)/);
    assert.match(tooltip, /Requestor: bob\\@contoso\\\.com/);
    const start = NOW - 139 * MIN;
    assert.ok(tooltip.includes(md(`local(${start}) (${utcText(start)})`)), tooltip);
    assert.match(tooltip, /Source: `198\.51\.100\.42`/);
    assert.match(tooltip, /Status: Initiated \\\(UserRequested\\\)/);
    // No live Markdown link, image, HTML or theme icon may survive from the justification.
    assert.ok(!tooltip.includes("](command:"), tooltip);
    assert.doesNotMatch(tooltip, /(^|[^\\])<img/);
    assert.ok(!tooltip.includes("$("), tooltip);
    assert.ok(!tooltip.includes("**bold**"), tooltip);
    assert.ok(tooltip.includes("\\[click\\]\\(command\\:workbench\\.action\\.terminal\\.new\\)"), tooltip);
  });

  it("tooltip names a service principal requestor", () => {
    const tooltip = presentPort(webPolicy(), WIN, 5985, options).tooltip ?? "";
    assert.match(tooltip, /Requestor: a service principal/);
  });

  it("tooltip shows the Azure Firewall mapping", () => {
    const tooltip = presentPort(hubPolicy(), JUMP, 22, options).tooltip ?? "";
    assert.ok(tooltip.includes("Firewall: `20.61.99.1:50000 → 22`"), tooltip);
    assert.equal(firewallMapping(undefined, undefined, 22), undefined);
    assert.equal(firewallMapping({ id: "x", ports: [] }, 50001, 3389), "50001 → 3389");
  });

  it("utc text is stable", () => {
    assert.equal(utcText(NOW), "2026-05-01 12:00 UTC");
  });
});

describe("VM, policy, location, subscription items", () => {
  it("VM: name, port counts, tooltip with resource group and id", () => {
    const vm = presentVm({ kind: "vm", id: "x", policy: webPolicy(), vmId: WEB02 }, options);
    assert.equal(vm.label, "web-02");
    assert.equal(vm.description, "1 port · 1 open");
    assert.equal(vm.contextValue, "azureJit.vm");
    assert.match(vm.tooltip ?? "", /Resource group: rg\\-web\\-prod/);
    assert.ok((vm.tooltip ?? "").includes(`\`${WEB02}\``));
    const win = presentVm({ kind: "vm", id: "y", policy: webPolicy(), vmId: WIN }, options);
    assert.equal(win.description, "3 ports · 1 opening");
    assert.equal(vmDescription({ ports: 2, open: 1, opening: 0 }), "2 ports · 1 open");
  });

  it("policy: name and VM count", () => {
    const p = presentPolicy({ kind: "policy", id: "p", policy: webPolicy() });
    assert.equal(p.label, "default");
    assert.equal(p.description, "3 VMs · rg-web-prod");
    assert.equal(p.contextValue, "azureJit.policy");
    assert.match(p.tooltip ?? "", /Resource group: rg\\-web\\-prod/);
  });

  it("location: display name, raw name as fallback", () => {
    const subscription = { subscriptionId: SUB, tenantId: "t", displayName: "Contoso Production" };
    const l = presentLocation({
      kind: "location",
      id: "l",
      subscription,
      location: "westeurope",
      policies: [webPolicy(), hubPolicy()],
    });
    assert.equal(l.label, "West Europe");
    assert.equal(l.description, "2 policies");
    assert.equal(l.contextValue, "azureJit.location");
    assert.equal(locationDisplayName("NorthEurope"), "North Europe");
    assert.equal(locationDisplayName("moonbase1"), "moonbase1");
  });

  it("subscription: name, tenant in the tooltip", () => {
    const s = presentSubscription({
      kind: "subscription",
      id: "s",
      subscription: {
        subscriptionId: SUB,
        tenantId: "10000000-0000-4000-8000-000000000001",
        displayName: "Contoso Production",
      },
      tenantName: "Contoso",
    });
    assert.equal(s.label, "Contoso Production");
    assert.equal(s.contextValue, "azureJit.subscription");
    assert.match(s.tooltip ?? "", /Tenant: Contoso \(`10000000-0000-4000-8000-000000000001`\)/);
  });
});

describe("error items", () => {
  it("show the reason in words, expanded, with the error contextValue", () => {
    const e = presentError({
      kind: "error",
      id: "e",
      error: {
        kind: "forbidden",
        message: "You do not have permission to read JIT policies.",
        detail: "AuthorizationFailed <b>x</b>",
        correlationId: "c-1",
      },
    });
    // Issue 11: a refusal's label is short; the full message heads the tooltip.
    assert.equal(e.label, "No permission to read JIT policies");
    assert.ok(
      (e.tooltip ?? "").includes("You do not have permission to read JIT policies"),
      "the full message heads the tooltip",
    );
    assert.equal(e.contextValue, "azureJit.error");
    assert.equal(e.collapsible, "expanded");
    assert.deepEqual(e.icon, { id: "error", color: "list.errorForeground" });
    assert.ok(!(e.tooltip ?? "").includes("<b>"));
    assert.match(e.tooltip ?? "", /Correlation id: `c-1`/);
  });
});

describe("a directory that refused its token", () => {
  const tenant = { tenantId: "20000000-0000-4000-8000-000000000002", displayName: "Fabrikam <b>" };
  const node = {
    kind: "error" as const,
    id: ids.directoryError(tenant.tenantId),
    error: {
      kind: "notSignedIn" as const,
      message: "You are not signed in to Azure.",
      detail: "AADSTS50076: MFA required",
    },
    source: "directory" as const,
    tenant,
  };

  it("names the directory, says why, and offers its own sign-in", () => {
    const item = presentError(node);
    assert.equal(item.label, "Directory Fabrikam <b>: subscriptions not shown");
    assert.equal(item.description, "sign-in required");
    assert.equal(item.contextValue, "azureJit.directoryError");
    assert.equal(item.collapsible, "expanded");
    assert.deepEqual(item.icon, { id: "warning", color: "list.warningForeground" });
    assert.ok((item.tooltip ?? "").includes("`20000000-0000-4000-8000-000000000002`"), item.tooltip);
    assert.match(item.tooltip ?? "", /AADSTS50076\\: MFA required/);
    assert.ok(!(item.tooltip ?? "").includes("<b>"), "the directory name is escaped");
    assert.deepEqual(errorActions(node.error, "directory"), ["signIn", "retry"]);
    const signIn = presentAction({ kind: "action", id: `${node.id}/signIn`, action: "signIn", target: node });
    assert.equal(signIn.label, "Sign in to this directory…");
    assert.deepEqual(signIn.command, {
      command: "azureJit.signIn",
      title: "Sign in to this directory…",
      withNode: true,
    });
  });

  it("gives another refusal's words as the reason, and falls back to the tenant id for a nameless directory", () => {
    const item = presentError({
      ...node,
      tenant: { tenantId: "t-3" },
      error: { kind: "forbidden", message: "You do not have permission." },
    });
    assert.equal(item.label, "Directory t-3: subscriptions not shown");
    assert.equal(item.description, "You do not have permission.");
    // Not a permissions matter: the directory's sign-in is the way forward whatever it said.
    assert.deepEqual(errorActions({ kind: "forbidden", message: "x" }, "directory"), ["signIn", "retry"]);
  });
});

describe("markdown escaping", () => {
  it("escapes every punctuation mark and flattens lines", () => {
    assert.equal(md("a*b_c"), "a\\*b\\_c");
    assert.equal(md("line1\nline2"), "line1 line2");
    assert.equal(md("<script>"), "\\<script\\>");
  });
});
