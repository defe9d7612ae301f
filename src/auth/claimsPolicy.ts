// Answers a claims challenge on a call that changes something (PUT, DELETE, POST: a policy edit, a request for
// access), then sends that call once more with the new token. Only what Azure refused before executing is sent
// again: a 401 claims challenge (the token check runs before the resource provider sees the request) and the MFA
// mandate's Azure Policy variant (policy evaluation runs before it too); docs/azure-behaviour.md#claims-challenges.
// Reads are never answered here: the bearer policy hands their challenge to the credential, which refuses it
// without prompting, so a background poll never pops up a sign-in. No vscode: the integration tests drive it.
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import {
  challengeFromClaims,
  findClaimsChallenge,
  isMfaPolicyDenial,
  MFA_CLAIMS_JSON,
  type ClaimsChallenge,
} from "../core/claimsChallenge";

/** A token that satisfies the challenge, or undefined to let the refusal stand (declined, failed). */
export type ChallengeAnswer = (
  challenge: ClaimsChallenge,
  request: { method: string; url: string },
) => Promise<string | undefined>;

export const claimsChallengePolicyName = "azureJitClaimsChallenge";

export function claimsChallengePolicy(answer: ChallengeAnswer): PipelinePolicy {
  return {
    name: claimsChallengePolicyName,
    async sendRequest(request: PipelineRequest, next) {
      const response = await next(request);
      const method = request.method.toUpperCase();
      if (method === "GET" || method === "HEAD") return response;
      const challenge = challengeIn(response);
      if (!challenge) return response;
      let token: string | undefined;
      try {
        token = await answer(challenge, { method, url: request.url });
      } catch {
        token = undefined; // the sign-in was cancelled or failed: the refusal stands, with its challenge
      }
      if (!token) return response;
      request.headers.set("Authorization", `Bearer ${token}`);
      return next(request);
    },
  };
}

/** The challenge in a refusal: a 401's WWW-Authenticate, or a 403 RequestDisallowedByPolicy "MFA is required". */
export function challengeIn(response: PipelineResponse): ClaimsChallenge | undefined {
  if (response.status === 401) return findClaimsChallenge(response.headers.get("www-authenticate"));
  if (response.status !== 403 || !response.bodyAsText || response.bodyAsText.length > 64 * 1024) return undefined;
  try {
    const body = JSON.parse(response.bodyAsText) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === "string" ? body.error.code : undefined;
    const message = typeof body.error?.message === "string" ? body.error.message : undefined;
    return isMfaPolicyDenial(code, message) ? challengeFromClaims(MFA_CLAIMS_JSON) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One answer at a time: calls refused together (a request for several ports) share one prompt and its token.
 * A later refusal asks again (the answer itself first tries without prompting).
 */
export function oneAnswerAtATime(answer: ChallengeAnswer): ChallengeAnswer {
  let running: Promise<string | undefined> | undefined;
  return (challenge, request) => {
    if (running) return running;
    const started = answer(challenge, request).finally(() => {
      if (running === started) running = undefined;
    });
    running = started;
    return started;
  };
}
