// The forbidden subscription's error item at the default side-bar width: a short label, the message and the
// permissions in the tooltip (issue 11).
import assert from "node:assert/strict";
import { test } from "node:test";
import { errorActions, presentError, VM_LIST_PERMISSION } from "../../../src/tree/nodePresentation";

const permissions = [
  "Microsoft.Security/locations/jitNetworkAccessPolicies/read",
  "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action",
  "Microsoft.Security/policies/read",
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Network/networkInterfaces/read",
  "Microsoft.Network/publicIPAddresses/read",
];
const message = `You do not have permission to read JIT policies. Ask for a role with: ${permissions.join(", ")}.`;

test("a refused JIT read: a label of a few words, the whole message and each permission in the tooltip, the permissions action", () => {
  const item = presentError({ kind: "error", id: "e", error: { kind: "forbidden", message, permissions } });
  assert.equal(item.label, "No permission to read JIT policies");
  assert.ok(item.label.length <= 40, `label of ${item.label.length} characters`);
  const tooltip = item.tooltip ?? "";
  assert.ok(tooltip.includes("You do not have permission to read JIT policies"), tooltip);
  for (const p of permissions) assert.ok(tooltip.includes(`\`${p}\``), `${p} in the tooltip`);
  assert.deepEqual(errorActions({ kind: "forbidden", message, permissions }), ["permissions", "retry"]);
});

test("a refused VM listing names its one permission in the label; other errors keep their message as the label", () => {
  const listing = presentError({ kind: "error", id: "e", source: "vmListing", error: { kind: "forbidden", message } });
  assert.match(listing.label, /^No permission to list virtual machines/);
  assert.ok(listing.label.includes(VM_LIST_PERMISSION));
  const network = presentError({
    kind: "error",
    id: "e",
    error: { kind: "network", message: "Azure could not be reached." },
  });
  assert.equal(network.label, "Azure could not be reached.");
});
