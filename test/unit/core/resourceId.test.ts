import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parsePolicyId,
  parseVmId,
  policyId,
  sameId,
  samePolicy,
  validateResourceGroupName,
  validateSubscriptionId,
  vmId,
  vmNameFromId,
} from "../../../src/core/resourceId";

const SUB = "a1b2c3d4-0000-4000-8000-0123456789ab";
// The real 404 body's id form (docs/azure-behaviour.md#service-error-texts).
const POLICY = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/centralus/jitNetworkAccessPolicies/jit4449`;
const VM = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01`;
// The form Defender for Cloud uses for EC2 instances elsewhere (docs/azure-behaviour.md#vm-ids-are-opaque): must stay opaque.
const AWS = `/subscriptions/${SUB}/resourcegroups/rg-aws/providers/Microsoft.Security/securityConnectors/aws1/securityentitydata/aws-ec2-instance-i-0abc123-us-east-1`;

test("parsePolicyId splits a policy id into subscription, resource group, location and name", () => {
  assert.deepEqual(parsePolicyId(POLICY), {
    subscriptionId: SUB,
    resourceGroup: "rg-web",
    location: "centralus",
    name: "jit4449",
  });
});

test("parsePolicyId accepts any casing (ARM paths are case-insensitive) and keeps the segments' own casing", () => {
  const lower = `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG-Web/providers/microsoft.Security/LOCATIONS/CentralUS/jitnetworkaccesspolicies/Default`;
  assert.deepEqual(parsePolicyId(lower), {
    subscriptionId: SUB,
    resourceGroup: "RG-Web",
    location: "CentralUS",
    name: "Default",
  });
});

test("parsePolicyId tolerates a trailing slash and surrounding blanks", () => {
  assert.equal(parsePolicyId(`  ${POLICY}/ `)?.name, "jit4449");
});

test("parsePolicyId refuses ids that are not JIT policies", () => {
  for (const id of [
    "",
    "jit4449",
    VM,
    AWS,
    `${POLICY}/initiate`,
    POLICY.replace("/resourceGroups/rg-web", ""),
    POLICY.replace("Microsoft.Security", "Microsoft.Compute"),
    POLICY.replace("/locations/centralus", "/locations/"),
    `https://management.azure.com${POLICY}`,
  ]) {
    assert.equal(parsePolicyId(id), undefined, id);
  }
});

test("parsePolicyId does not percent-decode: ARM ids are not encoded, and decoding would change the name", () => {
  assert.equal(parsePolicyId(POLICY.replace("jit4449", "a%2Fb"))?.name, "a%2Fb");
});

test("policyId builds the id parsePolicyId reads back", () => {
  const ref = { subscriptionId: SUB, resourceGroup: "rg(1).x", location: "westeurope", name: "default" };
  assert.equal(
    policyId(ref),
    `/subscriptions/${SUB}/resourceGroups/rg(1).x/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
  );
  assert.deepEqual(parsePolicyId(policyId(ref)), ref);
  assert.equal(policyId(parsePolicyId(POLICY)!), POLICY);
});

test("parseVmId splits an Azure VM id and refuses everything else, including AWS connector ids", () => {
  assert.deepEqual(parseVmId(VM), { subscriptionId: SUB, resourceGroup: "rg-web", name: "web-01" });
  assert.deepEqual(parseVmId(VM.toLowerCase()), { subscriptionId: SUB, resourceGroup: "rg-web", name: "web-01" });
  assert.equal(parseVmId(AWS), undefined);
  assert.equal(parseVmId(POLICY), undefined);
  assert.equal(parseVmId(`${VM}/extensions/x`), undefined);
  assert.equal(parseVmId("web-01"), undefined);
  assert.equal(vmId({ subscriptionId: SUB, resourceGroup: "rg-web", name: "web-01" }), VM);
});

test("vmNameFromId takes the last segment of any id, opaque ones included", () => {
  assert.equal(vmNameFromId(VM), "web-01");
  assert.equal(vmNameFromId(`${VM}/`), "web-01");
  assert.equal(vmNameFromId(AWS), "aws-ec2-instance-i-0abc123-us-east-1");
  assert.equal(vmNameFromId("plain-name"), "plain-name");
  assert.equal(vmNameFromId(""), "");
});

test("sameId compares case-insensitively and ignores a trailing slash", () => {
  assert.equal(sameId(VM, VM.toUpperCase()), true);
  assert.equal(sameId(VM, `${VM}/`), true);
  assert.equal(sameId(VM, VM.replace("web-01", "web-02")), false);
  assert.equal(sameId(VM, `${VM}x`), false);
  assert.equal(samePolicy(parsePolicyId(POLICY)!, parsePolicyId(POLICY.toLowerCase())!), true);
  assert.equal(samePolicy(parsePolicyId(POLICY)!, { ...parsePolicyId(POLICY)!, location: "northeurope" }), false);
});

test("validateSubscriptionId accepts GUIDs in either case and names the rule otherwise", () => {
  assert.equal(validateSubscriptionId(SUB), undefined);
  assert.equal(validateSubscriptionId(SUB.toUpperCase()), undefined);
  for (const bad of ["", "a1b2c3d4", `{${SUB}}`, `${SUB} `, SUB.replace("a", "g"), SUB.replace(/-/g, "")]) {
    const message = validateSubscriptionId(bad);
    assert.match(message ?? "", /must be a GUID/, bad);
  }
});

test("validateResourceGroupName follows ARM: 1-90 of letters, digits, _ - . ( ), not ending in a period", () => {
  for (const ok of ["a", "rg-web_prod.1", "(rg)", "x".repeat(90), "rg-über", "資源グループ"]) {
    assert.equal(validateResourceGroupName(ok), undefined, ok);
  }
  assert.match(validateResourceGroupName("") ?? "", /1 to 90 characters.*0/);
  assert.match(validateResourceGroupName("x".repeat(91)) ?? "", /1 to 90 characters.*91/);
  for (const bad of ["rg web", "rg/web", "rg#1", "rg*", "rg%20"]) {
    assert.match(validateResourceGroupName(bad) ?? "", /may contain only/, bad);
  }
  assert.match(validateResourceGroupName("rg.") ?? "", /must not end with a period/);
});
