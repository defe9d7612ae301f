// Claims challenges end to end against the emulator's knobs: the real SDK, the real credential and claims policy,
// VS Code's sign-in stood in for. Each knob: the refused call is answered once, sent once more with the new token,
// executed once; a background read never prompts.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createJitApi } from "../../../src/azure/jit";
import type { PolicyRef } from "../../../src/core/resourceId";
import type { InitiateBody } from "../../../src/core/types";
import { rejection } from "../../support/azureHarness";
import { PROD, startSignInRig, type SignInRig } from "../../support/signInHarness";

const webProd: PolicyRef = {
  subscriptionId: PROD,
  resourceGroup: "rg-web-prod",
  location: "westeurope",
  name: "default",
};
const web01 = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/web-01`;
const initiateBody = (): InitiateBody => ({
  virtualMachines: [{ id: web01, ports: [{ number: 22, endTimeUtc: new Date(Date.now() + 3_600_000).toISOString() }] }],
});
const jwtClaims = (token: string | undefined) =>
  JSON.parse(Buffer.from(String(token).split(".")[1] ?? "", "base64url").toString()) as {
    amr?: string[];
    acrs?: string[];
  };

describe("claims challenges against the emulator", () => {
  let rig: SignInRig;
  afterEach(() => rig.close());
  const writes = (method: string) => rig.wire.filter((w) => w.method === method);
  const requestsOf = async () => (await createJitApi(rig.settings).getPolicy(webProd)).requests.length;

  it("MFA for writes: a policy edit prompts once, is sent once more with an mfa token, and changes the policy once", async () => {
    rig = await startSignInRig({ mfaForWrites: true });
    const api = createJitApi(rig.settings);
    const before = await api.getPolicy(webProd);
    const updated = await api.updatePolicyVms(webProd, (vms) =>
      vms.map((vm) => ({ ...vm, ports: vm.ports.map((p) => ({ ...p, maxRequestAccessDuration: "PT2H" })) })),
    );
    assert.equal(updated.virtualMachines.length, before.virtualMachines.length, "nothing lost from the edit");
    assert.ok(
      updated.virtualMachines.every((vm) => vm.ports.every((p) => p.maxRequestAccessDuration === "PT2H")),
      "the edit as made, not re-entered",
    );
    assert.deepEqual(rig.prompts, ["Azure asks for multifactor sign-in to change this JIT policy."]);
    assert.equal(rig.auth.interactiveCount(), 1);
    const puts = writes("PUT");
    assert.equal(puts.length, 2, "refused once, sent once more");
    assert.deepEqual(jwtClaims(puts[0]!.token).amr, ["pwd"]);
    assert.ok(jwtClaims(puts[1]!.token).amr?.includes("mfa"), "the retry carries the new token");
    // A second edit: answered silently with the same claims, no second prompt.
    await api.updatePolicyVms(webProd, (vms) => vms);
    assert.equal(rig.prompts.length, 1, "no second prompt");
    assert.equal(rig.auth.interactiveCount(), 1);
  });

  it("MFA for initiate: one prompt, one more POST with the new token, one request recorded by Azure", async () => {
    rig = await startSignInRig({ mfaForInitiate: true });
    const before = await requestsOf();
    const request = await createJitApi(rig.settings).initiate(webProd, initiateBody());
    assert.equal(request.virtualMachines[0]?.ports[0]?.number, 22);
    assert.deepEqual(rig.prompts, ["Azure asks for multifactor sign-in to request JIT access."]);
    assert.equal(writes("POST").length, 2);
    assert.equal(await requestsOf(), before + 1, "executed once");
  });

  it("the Azure Policy variant (403 'MFA is required'): answered and sent once more the same way", async () => {
    rig = await startSignInRig({ mfaForWrites: true, policyVariant: true });
    await createJitApi(rig.settings).updatePolicyVms(webProd, (vms) => vms);
    assert.equal(rig.prompts.length, 1);
    assert.equal(writes("PUT").length, 2);
    assert.ok(jwtClaims(writes("PUT")[1]!.token).amr?.includes("mfa"));
  });

  it("an authentication context on one policy: the prompt names it and the new token carries acrs", async () => {
    rig = await startSignInRig({ authContext: { policy: "default", id: "c1" } });
    await createJitApi(rig.settings).initiate(webProd, initiateBody());
    assert.deepEqual(rig.prompts, [
      "Azure asks for a stronger sign-in (Conditional Access authentication context c1) to request JIT access.",
    ]);
    assert.deepEqual(jwtClaims(writes("POST")[1]!.token).acrs, ["c1"]);
  });

  it("declined: the call fails as 'sign in again' with the challenge, sent once, nothing executed, no sign-in", async () => {
    rig = await startSignInRig({ mfaForInitiate: true });
    rig.accept.value = false;
    const before = await requestsOf();
    const failure = await rejection(createJitApi(rig.settings).initiate(webProd, initiateBody()));
    assert.equal(failure.error.kind, "notSignedIn");
    assert.equal(failure.error.claimsChallenge?.claims.multifactor, true);
    assert.equal(writes("POST").length, 1, "never sent again after the refusal");
    assert.equal(rig.auth.interactiveCount(), 0);
    assert.equal(await requestsOf(), before);
  });

  it("CAE revocation on a read (background): no prompt, the failure carries the challenge, and Sign in answers it", async () => {
    rig = await startSignInRig({});
    const api = createJitApi(rig.settings);
    await api.getPolicy(webProd);
    await rig.control("POST", "auth/revoke", {});
    for (let poll = 0; poll < 3; poll++) {
      const failure = await rejection(api.getPolicy(webProd));
      assert.equal(failure.error.kind, "notSignedIn");
      assert.equal(failure.error.claimsChallenge?.claims.revocation, true);
    }
    assert.equal(rig.prompts.length, 0, "a background read never prompts");
    assert.equal(rig.auth.interactiveCount(), 0);
    const refused = rig.memory.refusedFor(undefined);
    assert.ok(refused, "remembered for the Sign in again action");
    await rig.credential.signInFor(refused, [rig.settings.cloud.tokenScope]);
    const policy = await api.getPolicy(webProd);
    assert.equal(policy.name, "default");
    assert.equal(rig.auth.interactiveCount(), 1);
    assert.equal(rig.memory.refusedFor(undefined), undefined);
  });

  it("no knob: no prompt, no retry, one attempt per call", async () => {
    rig = await startSignInRig({});
    await createJitApi(rig.settings).updatePolicyVms(webProd, (vms) => vms);
    assert.equal(rig.prompts.length, 0);
    assert.equal(writes("PUT").length, 1);
  });
});
