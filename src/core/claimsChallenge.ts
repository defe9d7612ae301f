// Claims challenges (docs/azure-behaviour.md#claims-challenges): Resource Manager's 401 with
// `WWW-Authenticate: Bearer …, error="insufficient_claims", claims="<base64 JSON>"` (the MFA mandate for writes,
// Continuous Access Evaluation, Conditional Access authentication contexts), and the Azure Policy variant of the MFA
// mandate (`RequestDisallowedByPolicy`, "MFA is required"). The header grammar is RFC 9110 §11.6.1 / §11.3
// (challenge, auth-param, token68, quoted-string); the claims value is base64 (RFC 4648 §4, or §5's URL alphabet).
// Everything here is untrusted input from Azure or whatever stands in between: nothing throws, sizes are bounded.
// Split by what it holds: the header grammar (claimsChallengeHeader.ts), the claims decoder
// (claimsChallengeDecode.ts), the meaning for the user (claimsChallengeMapping.ts) and the Azure CLI command
// (claimsChallengeAz.ts); this file finds the challenge in a header or builds one, and re-exports the parts.
import { encodeBase64, readClaims, type ClaimsRequest } from "./claimsChallengeDecode";
import { formatWwwAuthenticate, parseWwwAuthenticate } from "./claimsChallengeHeader";

export * from "./claimsChallengeAz";
export * from "./claimsChallengeDecode";
export * from "./claimsChallengeHeader";
export * from "./claimsChallengeMapping";

export interface ClaimsChallenge {
  /** The Bearer challenge as a header value, for VS Code's `getSession({ wwwAuthenticate })`. */
  wwwAuthenticate: string;
  claims: ClaimsRequest;
  authorizationUri?: string;
}

/** The Bearer insufficient_claims challenge in a WWW-Authenticate value, or undefined. */
export function findClaimsChallenge(header: string | undefined): ClaimsChallenge | undefined {
  if (!header) return undefined;
  const parsed = parseWwwAuthenticate(header);
  if (!parsed.ok) return undefined;
  for (const c of parsed.challenges) {
    if (c.scheme.toLowerCase() !== "bearer" || c.params.error !== "insufficient_claims" || !c.params.claims) continue;
    const claims = readClaims(c.params.claims);
    if (!claims) continue;
    return {
      wwwAuthenticate: formatWwwAuthenticate([c]),
      claims,
      ...(c.params.authorization_uri ? { authorizationUri: c.params.authorization_uri } : {}),
    };
  }
  return undefined;
}

/**
 * The claims request used when Azure says "MFA is required" without a claims challenge (the Azure Policy variant):
 * ask for `amr` "mfa" on the access token (an inference: docs/azure-behaviour.md#claims-challenges).
 */
export const MFA_CLAIMS_JSON = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';

/** A challenge built from a claims request (the SDK hands the credential only the decoded claims). */
export function challengeFromClaims(json: string): ClaimsChallenge | undefined {
  const base64 = encodeBase64(new TextEncoder().encode(json));
  const claims = readClaims(base64);
  if (!claims) return undefined;
  return {
    wwwAuthenticate: formatWwwAuthenticate([
      { scheme: "Bearer", params: { error: "insufficient_claims", claims: base64 } },
    ]),
    claims,
  };
}
