// Turns whatever the SDK, the credential or the network threw into core's JitError, so the rest of the extension
// never inspects SDK error classes. The wording and the kind are decided by core's classifyError; this file only
// gathers the facts (status, service code and message, Retry-After, network code, correlation id).
import type { RestError } from "@azure/core-rest-pipeline";
import { classifyError, type AzureFailure, type JitAction, type JitError } from "../core/errors";
import { redact } from "../core/redact";

/** An Error carrying the classified JitError; every src/azure operation rejects with one. */
export class JitFailure extends Error {
  readonly error: JitError;

  constructor(error: JitError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = "JitFailure";
    this.error = error;
  }
}

export function isJitFailure(e: unknown): e is JitFailure {
  return e instanceof JitFailure || (e instanceof Error && e.name === "JitFailure" && "error" in e);
}

/** Classifies anything thrown by an Azure call made for `action`. */
export function toJitError(e: unknown, action: JitAction, context?: { allowedSources?: string[] }): JitError {
  if (isJitFailure(e)) return e.error;
  return classifyError(toAzureFailure(e), action, context);
}

/** Runs an Azure call and rethrows its failure as a JitFailure. */
export async function asJitFailure<T>(action: JitAction, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isJitFailure(e)) throw e;
    throw new JitFailure(toJitError(e, action), { cause: e });
  }
}

/**
 * core-rest-pipeline's own isRestError, by name: `instanceof` cannot hold across the two bundles (the Azure layer's
 * RestError class is its own copy), and importing the pipeline here would load it at activation.
 */
function isRestError(e: unknown): e is RestError {
  return e instanceof Error && e.name === "RestError";
}

// @azure/identity's error classes are matched by name: importing them would pull msal into every bundle.
// Their names are the codes core's classifyError reads as "not signed in".
const signInErrorNames = new Set(["CredentialUnavailableError", "AuthenticationRequiredError"]);

/**
 * The facts of a failure, with every server-supplied text scrubbed of tokens: a proxy or a broken server may echo
 * the Authorization header in its error body (docs/azure-behaviour.md#tokens-in-answers), and these texts become the
 * JitError's message and detail, so the log, the tree and every notification.
 */
export function toAzureFailure(e: unknown): AzureFailure {
  const failure = rawFailure(e);
  if (failure.message !== undefined) failure.message = redact(failure.message);
  if (failure.code !== undefined) failure.code = redact(failure.code);
  if (failure.correlationId !== undefined) failure.correlationId = redact(failure.correlationId);
  return failure;
}

function rawFailure(e: unknown): AzureFailure {
  if (isRestError(e)) return restFailure(e);
  if (e instanceof Error) {
    // Not an HTTP answer: the credential could not produce a token (logged out, expired CLI login, no session).
    if (signInErrorNames.has(e.name)) return { code: e.name, message: e.message };
    // src/auth's credentials refuse a claims challenge they cannot answer silently (docs/azure-behaviour.md#claims-challenges).
    if (e.name === "ClaimsChallengeError") {
      const claims = (e as { claims?: unknown }).claims;
      return { code: e.name, message: e.message, ...(typeof claims === "string" ? { claims } : {}) };
    }
    // identity's AuthenticationError (token endpoint refused) and core-rest-pipeline's null-token failure.
    if (e.name === "AuthenticationError" || e.message === "Failed to refresh access token.") {
      return { code: "NotSignedIn", message: e.message };
    }
    if (e.name === "AbortError") return { code: "AbortError", message: e.message };
    const networkCode = (e as { code?: unknown }).code;
    if (typeof networkCode === "string" && /^E[A-Z_]+$/.test(networkCode)) return { networkCode, message: e.message };
    return { message: e.message };
  }
  return { message: String(e) };
}

function restFailure(e: RestError): AzureFailure {
  const failure: AzureFailure = {};
  const body = serviceError(e.details);
  if (e.statusCode !== undefined) {
    failure.statusCode = e.statusCode;
    const code = e.code ?? body.code;
    if (code) failure.code = code;
    const message = body.message ?? e.message;
    if (message) failure.message = message;
  } else {
    // No response: the request never completed. RestError.code carries the socket error (ECONNRESET, ENOTFOUND...).
    if (e.code && e.code !== "REQUEST_SEND_ERROR") failure.networkCode = e.code;
    else failure.networkCode = "REQUEST_SEND_ERROR";
    failure.message = e.message;
  }
  const headers = e.response?.headers;
  if (headers) {
    const correlationId = headers.get("x-ms-correlation-request-id");
    if (correlationId) failure.correlationId = correlationId;
    const challenge = headers.get("www-authenticate");
    if (challenge) failure.wwwAuthenticate = challenge;
    const retryAfterMs = retryAfter(headers, Date.now());
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  }
  return failure;
}

/** HLC clients put the inner `error` object into `details`, modular ones the whole `{ error }` body (docs/azure-behaviour.md#error-shape). */
function serviceError(details: unknown): { code?: string; message?: string } {
  if (!details || typeof details !== "object") return {};
  const d = details as { code?: unknown; message?: unknown; error?: unknown };
  const inner = d.error && typeof d.error === "object" ? (d.error as { code?: unknown; message?: unknown }) : d;
  return {
    code: typeof inner.code === "string" ? inner.code : undefined,
    message: typeof inner.message === "string" ? inner.message : undefined,
  };
}

/** The three headers the SDK's own throttling retry honours: milliseconds first, then Retry-After (seconds or date). */
export function retryAfter(headers: { get(name: string): string | undefined }, nowMs: number): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = headers.get(name);
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value));
  }
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
