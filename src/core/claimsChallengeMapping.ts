// What a claims challenge means to the user: which action Azure refused (from the call's method and path), the
// Azure Policy variant of the MFA mandate, and the prompt that says why a sign-in is asked for
// (docs/azure-behaviour.md#claims-challenges).
import type { ClaimsRequest } from "./claimsChallengeDecode";
import { t } from "./l10n";

/**
 * The Azure Policy variant of the MFA mandate (docs/azure-behaviour.md#claims-challenges): a RequestDisallowedByPolicy
 * whose text says MFA is required. Any other policy deny is a real policy and keeps its reason.
 */
export function isMfaPolicyDenial(code: string | undefined, message: string | undefined): boolean {
  if (code !== "RequestDisallowedByPolicy" || !message) return false;
  return /\bMFA is required\b|multi-?factor authentication/i.test(message);
}

/** What the refused call was doing, from its method and path. */
export type ChallengedAction = "changePolicy" | "requestAccess" | "other";

export function challengedAction(method: string, url: string): ChallengedAction {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return "other";
  }
  const m = method.toUpperCase();
  if (m === "POST" && /\/jitnetworkaccesspolicies\/[^/]+\/initiate$/.test(path)) return "requestAccess";
  if ((m === "PUT" || m === "DELETE") && /\/jitnetworkaccesspolicies\/[^/]+$/.test(path)) return "changePolicy";
  return "other";
}

/** The prompt before a sign-in that answers a challenge: says why, in the words of what the user was doing. */
export function challengePrompt(action: ChallengedAction, claims: ClaimsRequest): string {
  if (claims.authContexts.length) {
    const ids = claims.authContexts.join(", ");
    switch (action) {
      case "changePolicy":
        return t(
          "Azure asks for a stronger sign-in (Conditional Access authentication context {0}) to change this JIT policy.",
          ids,
        );
      case "requestAccess":
        return t(
          "Azure asks for a stronger sign-in (Conditional Access authentication context {0}) to request JIT access.",
          ids,
        );
      default:
        return t("Azure asks for a stronger sign-in (Conditional Access authentication context {0}) to continue.", ids);
    }
  }
  if (claims.revocation && !claims.multifactor) {
    switch (action) {
      case "changePolicy":
        return t(
          "Azure no longer accepts your sign-in (it was revoked or your access changed). Sign in again to change this JIT policy.",
        );
      case "requestAccess":
        return t(
          "Azure no longer accepts your sign-in (it was revoked or your access changed). Sign in again to request JIT access.",
        );
      default:
        return t(
          "Azure no longer accepts your sign-in (it was revoked or your access changed). Sign in again to continue.",
        );
    }
  }
  switch (action) {
    case "changePolicy":
      return t("Azure asks for multifactor sign-in to change this JIT policy.");
    case "requestAccess":
      return t("Azure asks for multifactor sign-in to request JIT access.");
    default:
      return t("Azure asks for multifactor sign-in to continue.");
  }
}
