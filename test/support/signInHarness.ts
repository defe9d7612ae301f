// Set-up for the sign-in tests: the emulator with its sign-in knobs, the real SDK and the real credential
// (src/auth/vscodeSessionCredential.ts) over a stand-in for VS Code's Microsoft sign-in that mints JWTs the way
// Entra would: a plain session without `mfa`, and, when asked with a claims challenge interactively, a session whose
// token satisfies it. Silently it satisfies only claims the user has already answered (MSAL cannot add MFA silently).
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type * as vscode from "vscode";
import { mintTestToken, type AuthOptions } from "../../emulator/auth";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { call } from "../../emulator/testClient";
import { claimsChallengePolicy, oneAnswerAtATime } from "../../src/auth/claimsPolicy";
import { ChallengeMemory, VsCodeSessionCredential } from "../../src/auth/vscodeSessionCredential";
import { cloudByName } from "../../src/azure/cloud";
import type { ArmSettings } from "../../src/azure/clientOptions";
import { challengedAction, challengePrompt, findClaimsChallenge } from "../../src/core/claimsChallenge";
import { ServerClock } from "../../src/core/serverClock";

export const PROD = "00000000-0000-0000-0000-00000000000a";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

export class FakeMicrosoftAuth {
  readonly calls: Array<{ kind: "silent" | "interactive"; challenge: boolean }> = [];
  readonly minted: string[] = [];
  private readonly satisfied = new Set<string>();
  private plainToken = this.mint([]);

  constructor(private readonly upn = "jit.user@contoso.com") {}

  private mint(claimsJson: string[]): string {
    const amr = ["pwd"];
    const acrs: string[] = [];
    for (const json of claimsJson) {
      const c = JSON.parse(json) as { access_token?: { amr?: { values?: string[] }; acrs?: { value?: string } } };
      if (c.access_token?.amr?.values?.includes("mfa")) amr.push("mfa");
      if (c.access_token?.acrs?.value) acrs.push(c.access_token.acrs.value);
    }
    const token = mintTestToken({ upn: this.upn, tid: TENANT, amr: [...new Set(amr)], acrs });
    this.minted.push(token);
    return token;
  }

  /** How many times VS Code was asked to sign in interactively. */
  interactiveCount(): number {
    return this.calls.filter((c) => c.kind === "interactive").length;
  }

  readonly getSession = (async (
    _providerId: string,
    scopesOrRequest: readonly string[] | vscode.AuthenticationWwwAuthenticateRequest,
    options?: vscode.AuthenticationGetSessionOptions,
  ): Promise<vscode.AuthenticationSession | undefined> => {
    const challenge =
      "wwwAuthenticate" in scopesOrRequest ? findClaimsChallenge(scopesOrRequest.wwwAuthenticate) : undefined;
    const silent = options?.silent === true;
    this.calls.push({ kind: silent ? "silent" : "interactive", challenge: challenge !== undefined });
    const session = (accessToken: string): vscode.AuthenticationSession => ({
      id: "s1",
      accessToken,
      account: { id: "a1", label: this.upn },
      scopes: [],
    });
    if (!challenge) return session(this.plainToken);
    if (silent) return this.satisfied.has(challenge.claims.json) ? session(this.mint([...this.satisfied])) : undefined;
    this.satisfied.add(challenge.claims.json);
    return session(this.mint([...this.satisfied]));
  }) as unknown as typeof vscode.authentication.getSession;
}

export interface SignInRig {
  emulator: RunningEmulator;
  auth: FakeMicrosoftAuth;
  memory: ChallengeMemory;
  credential: VsCodeSessionCredential;
  settings: ArmSettings;
  /** Each prompt shown before an interactive sign-in, with what it said. */
  prompts: string[];
  /** Every attempt on the wire: method, path, the bearer token it carried. */
  wire: Array<{ method: string; path: string; token: string | undefined }>;
  /** What the next prompt answers (true: Sign In). */
  accept: { value: boolean };
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startSignInRig(auth: AuthOptions): Promise<SignInRig> {
  const emulator = await startEmulator({ port: 0, quiet: true, auth });
  const fake = new FakeMicrosoftAuth();
  const memory = new ChallengeMemory();
  const credential = new VsCodeSessionCredential(
    "microsoft",
    undefined,
    { getSession: fake.getSession },
    Date.now,
    undefined,
    memory,
  );
  const prompts: string[] = [];
  const accept = { value: true };
  const wire: SignInRig["wire"] = [];
  const cloud = cloudByName("custom", emulator.url);
  // The prompt is the one vscode-only piece (challengePrompt.ts shows it as a modal): here it is recorded and answered.
  const answer = oneAnswerAtATime((challenge, request) =>
    credential.answer(challenge, [cloud.tokenScope], async () => {
      prompts.push(challengePrompt(challengedAction(request.method, request.url), challenge.claims));
      return accept.value;
    }),
  );
  const recorder: PipelinePolicy = {
    name: "testWireRecorder",
    async sendRequest(request, next) {
      wire.push({
        method: request.method,
        path: new URL(request.url).pathname,
        token: request.headers.get("authorization")?.replace(/^Bearer /, ""),
      });
      return next(request);
    },
  };
  const settings: ArmSettings = {
    cloud,
    credential,
    userAgentPrefix: "azure-jit-access/0.1.0-test",
    caPem: emulator.caPem,
    retry: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
    clock: new ServerClock(),
    authPolicies: [claimsChallengePolicy(answer), recorder],
  };
  return {
    emulator,
    auth: fake,
    memory,
    credential,
    settings,
    prompts,
    wire,
    accept,
    control: async (method, path, body) =>
      (await call(emulator, method, `/_emulator/${path}`, { body, auth: null })).json,
    close: () => emulator.close(),
  };
}
