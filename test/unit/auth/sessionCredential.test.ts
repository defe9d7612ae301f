// The VS Code account credential and claims challenges: a background challenge is refused without prompting and
// remembered; an answer asks VS Code with the challenge (wwwAuthenticate + fallbackScopes) only after the prompt
// agreed, and later tokens for the same claims come silently; the chosen account goes with every lookup.
import assert from "node:assert/strict";
import test from "node:test";
import type * as vscode from "vscode";
import { ChallengeMemory, VsCodeSessionCredential } from "../../../src/auth/vscodeSessionCredential";
import { challengeFromClaims } from "../../../src/core/claimsChallenge";

const MFA = JSON.stringify({ access_token: { amr: { essential: true, values: ["mfa"] } } });
const SCOPE = "https://management.azure.com/.default";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

function fakeAuth() {
  const calls: Array<{
    request: readonly string[] | vscode.AuthenticationWwwAuthenticateRequest;
    options?: vscode.AuthenticationGetSessionOptions;
  }> = [];
  const answered = new Set<string>();
  const getSession = (async (
    _p: string,
    request: readonly string[] | vscode.AuthenticationWwwAuthenticateRequest,
    options?: vscode.AuthenticationGetSessionOptions,
  ) => {
    calls.push({ request, ...(options ? { options } : {}) });
    const challenge = "wwwAuthenticate" in request ? request.wwwAuthenticate : undefined;
    if (challenge && options?.silent && !answered.has(challenge)) return undefined;
    if (challenge && !options?.silent) answered.add(challenge);
    return {
      id: "s",
      accessToken: challenge ? "mfa-token" : "plain-token",
      account: { id: "a", label: "user@contoso.com" },
      scopes: [],
    };
  }) as unknown as typeof vscode.authentication.getSession;
  return { calls, getSession };
}

test("a challenge met on a background call is refused without any interactive sign-in, and remembered", async () => {
  const auth = fakeAuth();
  const memory = new ChallengeMemory();
  const credential = new VsCodeSessionCredential("microsoft", TENANT, auth, Date.now, undefined, memory);
  await assert.rejects(
    credential.getToken(SCOPE, { claims: MFA }),
    (e: Error) => e.name === "ClaimsChallengeError" && (e as Error & { claims: string }).claims === MFA,
  );
  assert.ok(
    auth.calls.every((c) => c.options?.silent === true),
    "never interactive",
  );
  assert.equal(memory.refusedFor(TENANT)?.claims.json, MFA);
});

test("answer: declined → no sign-in; agreed → VS Code is asked with the challenge and the tenant's scopes; again → silent", async () => {
  const auth = fakeAuth();
  const memory = new ChallengeMemory();
  const credential = new VsCodeSessionCredential("microsoft", TENANT, auth, Date.now, undefined, memory);
  const challenge = challengeFromClaims(MFA)!;
  assert.equal(await credential.answer(challenge, [SCOPE], async () => false), undefined);
  assert.equal(auth.calls.length, 0);
  let prompts = 0;
  const token = await credential.answer(challenge, [SCOPE], async () => (prompts++, true));
  assert.equal(token, "mfa-token");
  const interactive = auth.calls.find((c) => !c.options?.silent)!;
  assert.deepEqual(interactive.request, {
    wwwAuthenticate: challenge.wwwAuthenticate,
    fallbackScopes: [SCOPE, `VSCODE_TENANT:${TENANT}`],
  });
  assert.equal(interactive.options?.createIfNone, true);
  assert.equal(await credential.answer(challenge, [SCOPE], async () => (prompts++, true)), "mfa-token");
  assert.equal(prompts, 1, "the second answer came silently");
  // and plain tokens now come with the answered challenge
  assert.equal((await credential.getToken(SCOPE))?.token, "mfa-token");
  assert.equal(memory.refusedFor(TENANT), undefined);
});

test("the chosen account goes with every silent lookup", async () => {
  const auth = fakeAuth();
  const account = { id: "acc-2", label: "other@fabrikam.com" };
  const credential = new VsCodeSessionCredential(
    "microsoft",
    undefined,
    auth,
    Date.now,
    undefined,
    new ChallengeMemory(),
    () => account,
  );
  await credential.getToken(SCOPE);
  assert.deepEqual(auth.calls[0]?.options, { silent: true, account });
});

test("a directory's first refusal is announced once; repeats (every poll) are not; an answer clears it", async () => {
  const announced: string[] = [];
  const memory = new ChallengeMemory((key) => announced.push(key));
  const credential = new VsCodeSessionCredential("microsoft", TENANT, fakeAuth(), Date.now, undefined, memory);
  for (let poll = 0; poll < 3; poll++) await assert.rejects(credential.getToken(SCOPE, { claims: MFA }));
  assert.deepEqual(announced, [TENANT.toLowerCase()]);
  memory.noteAnswered(TENANT, challengeFromClaims(MFA)!);
  assert.deepEqual(memory.refusedTenants(), []);
  await assert.rejects(
    new VsCodeSessionCredential("microsoft", TENANT, fakeAuth(), Date.now, undefined, memory).getToken(SCOPE, {
      claims: MFA,
    }),
  );
  assert.equal(announced.length, 2, "a new refusal after an answer is announced again");
});
