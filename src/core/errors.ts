// Azure failures turned into kinds the UI can act on, each with a message that says what to do next.
import {
  challengeFromClaims,
  findClaimsChallenge,
  isMfaPolicyDenial,
  MFA_CLAIMS_JSON,
  type ClaimsChallenge,
} from "./claimsChallenge";
import { plainText } from "./inertText";
import { t } from "./l10n";
import { IPV6_MESSAGE } from "./sourceAddress";

export type JitErrorKind =
  | "notSignedIn"
  | "forbidden"
  | "notFound"
  | "notSubset"
  | "ipv6"
  | "invalidInput"
  | "throttled"
  | "service"
  | "network"
  | "cancelled"
  | "unknown";

export type JitAction = "read" | "request" | "configure";

export interface AzureFailure {
  statusCode?: number;
  code?: string;
  message?: string;
  retryAfterMs?: number;
  networkCode?: string;
  correlationId?: string;
  /** The answer's WWW-Authenticate value (a 401's claims challenge). */
  wwwAuthenticate?: string;
  /** Decoded claims the SDK handed the credential after a claims challenge (the credential refused to answer silently). */
  claims?: string;
}

export interface JitError {
  kind: JitErrorKind;
  /** Human text, already translated, saying what happened and what to do. */
  message: string;
  /** The service's own text, for the log and tooltips. */
  detail?: string;
  permissions?: string[];
  /** A forbidden that no role assignment fixes: an Azure Policy assignment denied it (RequestDisallowedByPolicy). */
  deniedByAzurePolicy?: boolean;
  allowedSources?: string[];
  retryAfterMs?: number;
  correlationId?: string;
  /**
   * Azure refused the token until a sign-in satisfies these claims (MFA mandate, CAE revocation, authentication
   * context; docs/azure-behaviour.md#claims-challenges). Set with kind "notSignedIn". Refused before executing.
   */
  claimsChallenge?: ClaimsChallenge;
}

const JIT = "Microsoft.Security/locations/jitNetworkAccessPolicies";

/** What each action needs, from the Defender for Cloud docs table (docs/azure-behaviour.md#permissions). */
export function requiredPermissions(action: JitAction): string[] {
  switch (action) {
    case "read":
      return [
        `${JIT}/read`,
        `${JIT}/initiate/action`,
        "Microsoft.Security/policies/read",
        "Microsoft.Security/pricings/read",
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Network/*/read",
      ];
    case "request":
      return [
        `${JIT}/initiate/action`,
        `${JIT}/*/read`,
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Network/networkInterfaces/*/read",
        "Microsoft.Network/publicIPAddresses/read",
      ];
    case "configure":
      return [`${JIT}/write`, "Microsoft.Compute/virtualMachines/write"];
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EPROTO",
  "REQUEST_SEND_ERROR",
]);

// TLS failures reach us as socket errors too, but "check your network" is the wrong advice: the certificate chain
// (a proxy's own CA, or a custom cloud's) is what to fix.
const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const NOT_SUBSET_PREFIX = "the given access request is not a subset of policy";

/**
 * Classifies an Azure failure for `action`. The checks run from the most specific evidence to the least: the service's
 * own words (not-a-subset, IPv6) beat the HTTP status, because their status codes were never captured
 * (docs/azure-behaviour.md#service-error-texts) and may well be a plain 400.
 */
export function classifyError(
  failure: AzureFailure,
  action: JitAction,
  context: { allowedSources?: string[] } = {},
): JitError {
  const base: Pick<JitError, "detail" | "correlationId"> = {};
  if (failure.message) base.detail = failure.message;
  if (failure.correlationId) base.correlationId = failure.correlationId;
  const status = failure.statusCode;
  const code = failure.code ?? "";
  // The service's words go into notifications, which render [label](command:…) as a live link: made inert here,
  // the one place Azure text enters a message (detail keeps the raw text for the log and the escaped tooltip).
  const text = plainText(failure.message ?? "");
  const socketCode = failure.networkCode ?? (status === undefined && /^[A-Z][A-Z_]+$/.test(code) ? code : undefined);

  if (code === "AbortError" || failure.networkCode === "ABORT_ERR") {
    return { ...base, kind: "cancelled", message: t("The operation was cancelled.") };
  }
  const challenge = claimsChallengeOf(failure);
  if (challenge) {
    return { ...base, kind: "notSignedIn", claimsChallenge: challenge, message: challengeMessage(challenge) };
  }
  if (
    status === 401 ||
    code === "CredentialUnavailableError" ||
    code === "AuthenticationRequiredError" ||
    code === "NotSignedIn" ||
    /InvalidAuthenticationToken|ExpiredAuthenticationToken|AuthenticationFailed/.test(code)
  ) {
    return {
      ...base,
      kind: "notSignedIn",
      message: t("You are not signed in to Azure, or your sign-in expired. Sign in and try again."),
    };
  }
  if (text.trim().toLowerCase().startsWith(NOT_SUBSET_PREFIX)) {
    const allowed = context.allowedSources?.map((s) => s.trim()).filter((s) => s !== "");
    const error: JitError = {
      ...base,
      kind: "notSubset",
      message:
        allowed && allowed.length
          ? t(
              "Azure refused the request: it is outside what the policy allows. Check the port, the duration and the source: this port allows {0}, and the source must be exactly one of these (an address inside a range is refused).",
              allowed.join(", "),
            )
          : t(
              "Azure refused the request: it is outside what the policy allows. Check the VM, port, duration and source address.",
            ),
    };
    if (allowed && allowed.length) error.allowedSources = allowed;
    return error;
  }
  if (/IPv6 format/i.test(text)) {
    return { ...base, kind: "ipv6", message: t(IPV6_MESSAGE) + " " + t("Use an IPv4 address or CIDR as the source.") };
  }
  if (isMfaPolicyDenial(code, failure.message)) {
    // The MFA mandate enforced as an Azure Policy: a multifactor sign-in fixes it, the policy's owner cannot.
    const mfa = challengeFromClaims(MFA_CLAIMS_JSON)!;
    return {
      ...base,
      kind: "notSignedIn",
      claimsChallenge: mfa,
      message: t(
        "Azure requires multifactor sign-in for this ({0}). Sign in again (multifactor) to continue.",
        text || code,
      ),
    };
  }
  if (code === "RequestDisallowedByPolicy") {
    // An Azure Policy deny assignment: no role grants a way around it, so listing permissions would mislead.
    return {
      ...base,
      kind: "forbidden",
      deniedByAzurePolicy: true,
      message: t(
        "An Azure Policy assignment blocks this change. Ask the owner of the policy assignment: {0}",
        text || code,
      ),
    };
  }
  if (status === 403 || /AuthorizationFailed/.test(code)) {
    const permissions = requiredPermissions(action);
    const what =
      action === "configure"
        ? t("configure JIT policies")
        : action === "request"
          ? t("request JIT access")
          : t("read JIT policies");
    let message = t("You do not have permission to {0} here. Ask for a role with: {1}.", what, permissions.join(", "));
    if (code === "LinkedAuthorizationFailed") {
      // ARM's check on a resource the JIT policy points at (the VM): docs/azure-behaviour.md#linked-authorization-failed.
      message +=
        " " +
        t(
          "Azure also checked a linked resource (the VM): you need {0} on each VM, and the VM id must be valid.",
          "Microsoft.Compute/virtualMachines/write",
        );
    }
    return { ...base, kind: "forbidden", permissions, message };
  }
  if (status === 404 || /NotFound$/.test(code)) {
    let message: string;
    if (code === "PolicyNotFound") {
      message = t(
        "The JIT policy no longer exists: JIT may have been disabled for these VMs. Refresh to see the current policies.",
      );
    } else if (code === "SubscriptionNotFound") {
      message = t(
        "Azure could not find the subscription, or your account cannot see it. Check the selected subscriptions and sign-in.",
      );
    } else if (code === "ResourceGroupNotFound") {
      message = t(
        "Azure could not find the resource group: it may have been deleted or renamed. Refresh and try again.",
      );
    } else {
      message = t("Azure could not find it: it may have been deleted or moved. Refresh and try again.");
    }
    return { ...base, kind: "notFound", message };
  }
  if (status === 429 || code === "TooManyRequests") {
    const error: JitError = {
      ...base,
      kind: "throttled",
      message: t("Azure is throttling requests. Try again in a minute."),
    };
    if (failure.retryAfterMs !== undefined && Number.isFinite(failure.retryAfterMs) && failure.retryAfterMs >= 0) {
      error.retryAfterMs = failure.retryAfterMs;
      error.message = t(
        "Azure is throttling requests. Try again in {0} s.",
        Math.max(1, Math.ceil(failure.retryAfterMs / 1000)),
      );
    }
    return error;
  }
  if (status === 400 || code === "InvalidInitiateInput" || code === "BadRequest") {
    return {
      ...base,
      kind: "invalidInput",
      message: t("Azure rejected the request as invalid: {0}", text || code || String(status)),
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      ...base,
      kind: "service",
      ...(failure.retryAfterMs !== undefined && Number.isFinite(failure.retryAfterMs) && failure.retryAfterMs >= 0
        ? { retryAfterMs: failure.retryAfterMs }
        : {}),
      message: t(
        "Azure had a problem ({0}). Try again in a moment; if it persists, check the Azure status page.",
        status,
      ),
    };
  }
  if (socketCode && TLS_CODES.has(socketCode)) {
    return {
      ...base,
      kind: "network",
      message: t(
        "Could not verify Azure's TLS certificate ({0}). If a proxy or a custom cloud uses its own certificate authority, trust it (azureJit.customCloudCaFile or NODE_EXTRA_CA_CERTS).",
        socketCode,
      ),
    };
  }
  if (socketCode && NETWORK_CODES.has(socketCode)) {
    return {
      ...base,
      kind: "network",
      message: t("Could not reach Azure ({0}). Check your network connection or proxy and try again.", socketCode),
    };
  }
  // The azure layer sets networkCode only when no HTTP answer came back, so an unlisted one is still a network failure.
  if (failure.networkCode && status === undefined) {
    return {
      ...base,
      kind: "network",
      message: t(
        "Could not reach Azure ({0}). Check your network connection or proxy and try again.",
        failure.networkCode,
      ),
    };
  }
  if (status !== undefined) {
    return { ...base, kind: "unknown", message: t("Azure answered {0}: {1}", status, text || code || t("no details")) };
  }
  return {
    ...base,
    kind: "unknown",
    message: text ? t("Unexpected error from Azure: {0}", text) : t("Unexpected error."),
  };
}

function claimsChallengeOf(failure: AzureFailure): ClaimsChallenge | undefined {
  if (failure.claims !== undefined) return challengeFromClaims(failure.claims);
  return failure.statusCode === 401 ? findClaimsChallenge(failure.wwwAuthenticate) : undefined;
}

function challengeMessage(challenge: ClaimsChallenge): string {
  const { claims } = challenge;
  if (claims.authContexts.length) {
    return t(
      "Azure asks for a stronger sign-in for this (Conditional Access authentication context {0}). Sign in again to continue.",
      claims.authContexts.map((c) => plainText(c)).join(", "),
    );
  }
  if (claims.revocation && !claims.multifactor) {
    return t(
      "Azure no longer accepts your sign-in (it was revoked or your access changed). Sign in again to continue.",
    );
  }
  return t("Azure asks for multifactor sign-in for this. Sign in again (multifactor) to continue.");
}

/**
 * A 429 or 503 whose Retry-After is longer than the extension waits inside one operation: failed at once instead of
 * freezing the view, saying how long Azure asked for. The kind is the one the status has anyway (throttled, service),
 * so the usual Retry action is offered; `retryAfterMs` says when a retry can succeed.
 */
export function retryAfterTooLong(status: number, retryAfterMs: number, correlationId?: string): JitError {
  const minutes = Number.isFinite(retryAfterMs) ? Math.max(1, Math.ceil(retryAfterMs / 60_000)) : undefined;
  const message =
    minutes === undefined
      ? t("Azure asks to wait indefinitely before trying again ({0}). Try again later.", status)
      : t("Azure asks to wait {0} min before trying again ({1}). Try again later.", minutes, status);
  const error: JitError = { kind: status === 429 ? "throttled" : "service", message };
  if (Number.isFinite(retryAfterMs)) error.retryAfterMs = retryAfterMs;
  if (correlationId) error.correlationId = correlationId;
  return error;
}
