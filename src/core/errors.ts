// Azure failures turned into kinds the UI can act on, each with a message that says what to do next.
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
}

export interface JitError {
  kind: JitErrorKind;
  /** Human text, already translated, saying what happened and what to do. */
  message: string;
  /** The service's own text, for the log and tooltips. */
  detail?: string;
  permissions?: string[];
  allowedSources?: string[];
  retryAfterMs?: number;
  correlationId?: string;
}

const JIT = "Microsoft.Security/locations/jitNetworkAccessPolicies";

/** What each action needs, from the Defender for Cloud docs table (BEHAVIOUR.md §3.8). */
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
  "ENOTFOUND",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "REQUEST_SEND_ERROR",
]);

export function classifyError(
  failure: AzureFailure,
  action: JitAction,
  context: { allowedSources?: string[] } = {},
): JitError {
  const base = { detail: failure.message, correlationId: failure.correlationId };
  const status = failure.statusCode;
  const code = failure.code ?? "";
  const text = failure.message ?? "";

  if (code === "AbortError" || failure.networkCode === "ABORT_ERR") {
    return { ...base, kind: "cancelled", message: t("The operation was cancelled.") };
  }
  if (
    status === 401 ||
    code === "CredentialUnavailableError" ||
    code === "AuthenticationRequiredError" ||
    code === "NotSignedIn" ||
    /InvalidAuthenticationToken|ExpiredAuthenticationToken|AuthenticationFailed/.test(code)
  ) {
    return { ...base, kind: "notSignedIn", message: t("You are not signed in to Azure, or your sign-in expired. Sign in and try again.") };
  }
  if (status === 403 || /AuthorizationFailed/.test(code)) {
    const permissions = requiredPermissions(action);
    const what =
      action === "configure"
        ? t("configure JIT policies")
        : action === "request"
          ? t("request JIT access")
          : t("read JIT policies");
    return {
      ...base,
      kind: "forbidden",
      permissions,
      message: t("You do not have permission to {0} here. Ask for a role with: {1}.", what, permissions.join(", ")),
    };
  }
  if (text.startsWith("The given access request is not a subset of policy")) {
    const allowed = context.allowedSources?.filter((s) => s.trim() !== "");
    return {
      ...base,
      kind: "notSubset",
      allowedSources: allowed,
      message:
        allowed && allowed.length
          ? t(
              "Azure refused the request: it is outside what the policy allows. Check the port, the duration and the source: this port allows {0}.",
              allowed.join(", "),
            )
          : t("Azure refused the request: it is outside what the policy allows. Check the VM, port, duration and source address."),
    };
  }
  if (text.includes("IPv6")) {
    return { ...base, kind: "ipv6", message: t(IPV6_MESSAGE) + " " + t("Use an IPv4 address or CIDR as the source.") };
  }
  if (status === 404 || /NotFound/.test(code)) {
    return {
      ...base,
      kind: "notFound",
      message: t("Azure could not find it: it may have been deleted or moved. Refresh and try again."),
    };
  }
  if (status === 429 || code === "TooManyRequests") {
    const seconds = failure.retryAfterMs !== undefined ? Math.ceil(failure.retryAfterMs / 1000) : undefined;
    return {
      ...base,
      kind: "throttled",
      retryAfterMs: failure.retryAfterMs,
      message:
        seconds !== undefined
          ? t("Azure is throttling requests. Try again in {0} s.", seconds)
          : t("Azure is throttling requests. Try again in a minute."),
    };
  }
  if (status === 400 || code === "InvalidInitiateInput" || code === "BadRequest") {
    return { ...base, kind: "invalidInput", message: t("Azure rejected the request as invalid: {0}", text || code) };
  }
  if (status !== undefined && status >= 500) {
    return {
      ...base,
      kind: "service",
      message: t("Azure had a problem ({0}). Try again in a moment; if it persists, check the Azure status page.", status),
    };
  }
  if (failure.networkCode && NETWORK_CODES.has(failure.networkCode)) {
    return {
      ...base,
      kind: "network",
      message: t("Could not reach Azure ({0}). Check your network connection or proxy and try again.", failure.networkCode),
    };
  }
  return { ...base, kind: "unknown", message: text ? t("Unexpected error from Azure: {0}", text) : t("Unexpected error.") };
}
