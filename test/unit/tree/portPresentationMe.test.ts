// The tree's port item when "me" is known: a port someone else opened reads as theirs (their requestor, their
// source, time left, "not for you"), stays requestable (closed context value), and never looks like my open port.
import { test } from "node:test";
import assert from "node:assert/strict";
import { presentPort, portIcon } from "../../../src/tree/portPresentation";
import type { Policy, RequestPort } from "../../../src/core/types";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const MIN = 60_000;
const VM =
  "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-02";

function port(source: string, endMin: number): RequestPort {
  return {
    number: 22,
    allowedSourceAddressPrefixes: [source],
    endTimeUtc: NOW + endMin * MIN,
    status: "Initiated",
    statusReason: "UserRequested",
  };
}
const policy: Policy = {
  id: "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default",
  name: "default",
  subscriptionId: "00000000-0000-0000-0000-0000000000aa",
  resourceGroup: "rg",
  location: "westeurope",
  virtualMachines: [
    {
      id: VM,
      ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefixes: ["*"], maxRequestAccessDuration: "PT3H" }],
    },
  ],
  requests: [
    {
      virtualMachines: [{ id: VM, ports: [port("198.51.100.78", 110)] }],
      startTimeUtc: NOW - 10 * MIN,
      requestor: "frank@northwind.example.com\u202E",
    },
  ],
};

test("open only for someone else: their requestor and source, time left, a person icon, still requestable", () => {
  const item = presentPort(policy, VM, 22, {
    serverNow: NOW,
    me: { requestor: "alice@northwind.example.com", sources: ["203.0.113.7"] },
  });
  assert.equal(
    item.description,
    "open for frank@northwind.example.com<U+202E> from 198.51.100.78 · 1 h 50 min left — not for you",
  );
  assert.deepEqual(item.icon, { id: "person", color: "descriptionForeground" });
  assert.equal(item.contextValue, "azureJit.port.closed");
  assert.match(String(item.tooltip), /Also open for others/);
  assert.match(
    String(item.tooltip),
    /- frank\\@northwind\\\.example\\\.com\\<U\\\+202E\\> from `198.51.100.78`, 1 h 50 min left/,
  );
});

test("without me (old callers) the port reads as open, as before; with me as frank it is his", () => {
  assert.equal(presentPort(policy, VM, 22, { serverNow: NOW }).contextValue, "azureJit.port.open");
  const frank = presentPort(policy, VM, 22, { serverNow: NOW, me: { sources: ["198.51.100.78"] } });
  assert.equal(frank.contextValue, "azureJit.port.open");
  assert.deepEqual(frank.icon, { id: "pass-filled", color: "charts.green" });
});

test("ending soon differs from open by shape and colour, not hue alone", () => {
  const open = portIcon({ kind: "open", remainingMs: 60 * MIN }, 10 * MIN);
  const soon = portIcon({ kind: "open", remainingMs: 5 * MIN }, 10 * MIN);
  assert.notEqual(open.id, soon.id);
  assert.notEqual(open.color, soon.color);
});
