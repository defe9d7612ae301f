import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  filterRows,
  formatUtc,
  historyCells,
  historyColumns,
  historyRows,
  vmSummaries,
} from "../../../src/core/requestHistory";
import type { JitRequest, Policy } from "../../../src/core/types";
import { historyHtml } from "../../../src/history/historyHtml";
import { parseHistoryMessage } from "../../../src/history/protocol";

const SUB = "00000000-0000-0000-0000-000000000001";
const vmId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
const H = 3600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2025, 5, 10, 12, 0, 0);

function request(
  start: number,
  requestor: string,
  vms: Array<[string, Array<[number, string, string]>]>,
  justification?: string,
): JitRequest {
  return {
    startTimeUtc: start,
    requestor,
    ...(justification === undefined ? {} : { justification }),
    virtualMachines: vms.map(([name, ports]) => ({
      id: vmId(name),
      ports: ports.map(([number, status, statusReason]) => ({
        number,
        status,
        statusReason,
        endTimeUtc: start + 3 * H,
        allowedSourceAddressPrefixes: ["203.0.113.7"],
      })),
    })),
  };
}

function policy(name: string, subscriptionId: string, requests: JitRequest[], vms: string[]): Policy {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/${name}`,
    name,
    subscriptionId,
    resourceGroup: "rg",
    location: "westeurope",
    virtualMachines: vms.map((v) => ({ id: vmId(v), ports: [] })),
    requests,
  };
}

// Requests are unordered in the service's answers (docs/azure-behaviour.md#requests-are-unordered): this fixture is deliberately shuffled.
const policies: Policy[] = [
  policy(
    "default",
    SUB,
    [
      request(NOW - 8 * DAY, "old@contoso.com", [["web1", [[22, "Revoked", "Expired"]]]]),
      request(
        NOW - 1 * H,
        "alice@contoso.com",
        [
          [
            "web1",
            [
              [22, "Initiated", "UserRequested"],
              [3389, "Revoked", "Expired"],
            ],
          ],
          ["db1", [[22, "Initiating", "UserRequested"]]],
        ],
        "deploy fix",
      ),
      request(NOW - 2 * DAY, "", [["web1", [[22, "Revoked", "Expired"]]]]),
      request(NOW - 3 * DAY, "bob@contoso.com", [["db1", [[5432, "SomethingNew", "Whatever"]]]]),
    ],
    ["web1", "db1", "idle1"],
  ),
  policy(
    "other",
    "00000000-0000-0000-0000-000000000002",
    [request(NOW - 5 * H, "carol@contoso.com", [["app9", [[22, "Initiated", "UserRequested"]]]])],
    ["app9"],
  ),
];

describe("historyRows", () => {
  it("one row per request and VM, newest first, across the scope", () => {
    const rows = historyRows(policies, { kind: "subscription", subscriptionId: SUB.toUpperCase() });
    assert.deepEqual(
      rows.map((r) => [r.vmName, r.startTimeUtc]),
      [
        ["db1", NOW - H],
        ["web1", NOW - H],
        ["web1", NOW - 2 * DAY],
        ["db1", NOW - 3 * DAY],
        ["web1", NOW - 8 * DAY],
      ],
    );
    assert.equal(historyRows(policies, { kind: "all" }).length, 6);
  });

  it("a VM scope keeps only that VM's part of a multi-VM request", () => {
    const rows = historyRows(policies, { kind: "vm", policyId: policies[0]!.id, vmId: vmId("web1").toLowerCase() });
    assert.equal(rows.length, 3);
    const [first] = rows;
    assert.deepEqual(first?.ports, [22, 3389]);
    assert.equal(first?.status, "22: Initiated; 3389: Revoked");
    assert.equal(first?.statusReason, "22: UserRequested; 3389: Expired");
    assert.equal(first?.justification, "deploy fix");
    assert.equal(first?.endTimeUtc, NOW - H + 3 * H);
  });

  it("unknown statuses pass through and the service principal is named", () => {
    const rows = historyRows(policies, { kind: "policy", policyId: policies[0]!.id });
    assert.ok(rows.some((r) => r.status === "SomethingNew" && r.statusReason === "Whatever"));
    const spn = rows.find((r) => r.requestor === "");
    assert.ok(spn);
    assert.equal(historyCells(spn)[3], "(service principal)");
  });

  it("cells line up with the columns, times as ISO UTC", () => {
    const row = historyRows(policies, { kind: "vm", policyId: policies[0]!.id, vmId: vmId("db1") })[0]!;
    const cells = historyCells(row);
    assert.equal(cells.length, historyColumns().length);
    assert.equal(cells[0], "2025-06-10T11:00:00Z");
    assert.equal(cells[2], "db1");
    assert.equal(formatUtc(undefined), "");
  });
});

describe("filterRows", () => {
  const rows = historyRows(policies, { kind: "all" });
  it("matches every word, case-insensitively, in any cell", () => {
    assert.deepEqual(
      filterRows(rows, "ALICE db1").map((r) => r.vmName),
      ["db1"],
    );
    assert.equal(filterRows(rows, "expired").length, 3);
    assert.equal(filterRows(rows, "  ").length, rows.length);
    assert.equal(filterRows(rows, "nobody").length, 0);
  });
});

describe("vmSummaries", () => {
  it("requests in the last 7 days, last access and last user per VM, also for VMs never requested", () => {
    const summaries = vmSummaries(policies, { kind: "subscription", subscriptionId: SUB }, NOW);
    assert.deepEqual(
      summaries.map((s) => [s.vmName, s.requestsLast7Days, s.lastAccessUtc, s.lastUser]),
      [
        ["db1", 2, NOW - H, "alice@contoso.com"],
        ["idle1", 0, undefined, undefined],
        ["web1", 2, NOW - H, "alice@contoso.com"],
      ],
    );
  });
});

describe("history webview boundary", () => {
  it("the host accepts only known, bounded messages", () => {
    assert.deepEqual(parseHistoryMessage({ type: "ready" }), { type: "ready" });
    assert.deepEqual(parseHistoryMessage({ type: "export", filter: "alice", extra: "<script>" }), {
      type: "export",
      filter: "alice",
    });
    for (const bad of [
      null,
      "ready",
      [],
      { type: "export" },
      { type: "export", filter: 1 },
      { type: "export", filter: "x".repeat(201) },
      { type: "runCommand", command: "x" },
    ]) {
      assert.equal(parseHistoryMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("the page has a strict CSP, one nonce script and no value from Azure in markup", () => {
    const html = historyHtml({
      cspSource: "vscode-resource:",
      nonce: "abcdefghijklmnop1234",
      scriptUri: "s.js",
      styleUri: "s.css",
      lang: "en",
      title: "<img src=x onerror=alert(1)>",
    });
    assert.match(
      html,
      /content="default-src 'none'; script-src 'nonce-abcdefghijklmnop1234'; style-src vscode-resource:/,
    );
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(!html.includes("<img"));
    assert.throws(() =>
      historyHtml({ cspSource: "x", nonce: "short", scriptUri: "", styleUri: "", lang: "en", title: "" }),
    );
  });
});
