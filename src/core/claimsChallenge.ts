// Claims challenges (docs/azure-behaviour.md#claims-challenges): Resource Manager's 401 with
// `WWW-Authenticate: Bearer …, error="insufficient_claims", claims="<base64 JSON>"` (the MFA mandate for writes,
// Continuous Access Evaluation, Conditional Access authentication contexts), and the Azure Policy variant of the MFA
// mandate (`RequestDisallowedByPolicy`, "MFA is required"). The header grammar is RFC 9110 §11.6.1 / §11.3
// (challenge, auth-param, token68, quoted-string); the claims value is base64 (RFC 4648 §4, or §5's URL alphabet).
// Everything here is untrusted input from Azure or whatever stands in between: nothing throws, sizes are bounded.
import { t } from "./l10n";

export interface AuthChallenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  scheme: string;
  /** auth-param names lower-cased (they are case-insensitive), values unquoted. The first of a repeated name wins. */
  params: Record<string, string>;
  token68?: string;
}

export type ParseResult = { ok: true; challenges: AuthChallenge[] } | { ok: false; error: string };

/** A header longer than this is refused unread: real challenges are a few hundred characters. */
export const MAX_HEADER_LENGTH = 16 * 1024;

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;

/** Parses a WWW-Authenticate field value (several field lines may be joined with ", ", RFC 9110 §5.3). */
export function parseWwwAuthenticate(header: string): ParseResult {
  if (typeof header !== "string") return { ok: false, error: "WWW-Authenticate: not a string" };
  if (header.length > MAX_HEADER_LENGTH)
    return { ok: false, error: `WWW-Authenticate: longer than ${MAX_HEADER_LENGTH} characters` };
  const s = header;
  let i = 0;
  const challenges: AuthChallenge[] = [];
  const fail = (rule: string): ParseResult => ({ ok: false, error: `WWW-Authenticate: ${rule} at character ${i + 1}` });
  const isOws = (c: string | undefined) => c === " " || c === "\t";
  const skipOws = () => {
    while (isOws(s[i])) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  /** Skips OWS and empty list elements (RFC 9110 §5.6.1: recipients accept `, ,`). Returns false at the end. */
  const skipSeparators = (): boolean => {
    for (;;) {
      skipOws();
      if (s[i] === ",") i++;
      else return i < s.length;
    }
  };
  const readQuoted = (): string | undefined => {
    // s[i] is DQUOTE
    i++;
    let out = "";
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const next = s[i + 1];
        if (next === undefined || !isQuotedPairChar(next)) return undefined;
        out += next;
        i += 2;
        continue;
      }
      if (!isQdtext(c)) return undefined;
      out += c;
      i++;
    }
    return undefined;
  };
  /** After an element: OWS then a comma or the end. */
  const atElementEnd = (): boolean => {
    skipOws();
    return i >= s.length || s[i] === ",";
  };

  if (!skipSeparators()) return fail("no challenge");
  while (i < s.length) {
    const scheme = readToken();
    if (!scheme) return fail("expected an auth-scheme (token)");
    const challenge: AuthChallenge = { scheme, params: {} };
    challenges.push(challenge);
    if (atElementEnd()) {
      if (!skipSeparators()) break;
      // Fall through to the parameter loop: the next element may be this challenge's first auth-param.
    } else if (!isOws(s[i - 1])) {
      return fail("expected a space after the auth-scheme");
    } else {
      // token68 or the first auth-param
      const start = i;
      const name = readToken();
      const afterName = i;
      skipOws();
      let isParam = false;
      if (name && s[i] === "=") {
        i++;
        skipOws();
        isParam = s[i] === '"' || (s[i] !== undefined && TCHAR.test(s[i]!) && s[i] !== "=");
      }
      if (!isParam) {
        i = start;
        while (i < s.length && TOKEN68_CHAR.test(s[i]!)) i++;
        if (i === start) return fail("expected a token68 or an auth-param");
        while (s[i] === "=") i++;
        challenge.token68 = s.slice(start, i);
        if (!atElementEnd()) return fail("unexpected text after a token68");
        if (!skipSeparators()) break;
        continue; // a token68 stands alone: the next element is a new challenge
      }
      i = afterName;
      const value = readParamValue();
      if (value === undefined) return fail(`invalid value for auth-param "${name}"`);
      setParam(challenge, name, value);
      if (!atElementEnd()) return fail("expected a comma between auth-params");
      if (!skipSeparators()) break;
    }
    // Further auth-params of this challenge: `token BWS "="`; anything else starts the next challenge.
    for (;;) {
      const start = i;
      const name = readToken();
      skipOws();
      if (!name || s[i] !== "=") {
        i = start;
        break;
      }
      i = start + name.length;
      const value = readParamValue();
      if (value === undefined) return fail(`invalid value for auth-param "${name}"`);
      setParam(challenge, name, value);
      if (!atElementEnd()) return fail("expected a comma between auth-params");
      if (!skipSeparators()) break;
    }
  }
  return { ok: true, challenges };

  function readParamValue(): string | undefined {
    skipOws();
    if (s[i] !== "=") return undefined;
    i++;
    skipOws();
    if (s[i] === '"') return readQuoted();
    const v = readToken();
    return v || undefined;
  }
}

function setParam(challenge: AuthChallenge, name: string, value: string): void {
  const key = name.toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(challenge.params, key)) {
    Object.defineProperty(challenge.params, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function isQdtext(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    c === "\t" ||
    c === " " ||
    code === 0x21 ||
    (code >= 0x23 && code <= 0x5b) ||
    (code >= 0x5d && code <= 0x7e) ||
    (code >= 0x80 && code <= 0xff)
  );
}

function isQuotedPairChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return c === "\t" || c === " " || (code >= 0x21 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

/** Serializes challenges (token form where the value is a token, else a quoted-string). For tests and re-sending. */
export function formatWwwAuthenticate(challenges: AuthChallenge[]): string {
  return challenges
    .map((c) => {
      if (c.token68 !== undefined) return `${c.scheme} ${c.token68}`;
      const params = Object.entries(c.params).map(([k, v]) => `${k}=${quoteIfNeeded(v)}`);
      return params.length ? `${c.scheme} ${params.join(", ")}` : c.scheme;
    })
    .join(", ");
}

function quoteIfNeeded(value: string): string {
  if (value !== "" && [...value].every((c) => TCHAR.test(c))) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** RFC 4648 base64 (§4) or base64url (§5), padded or not, canonical (zero pad bits). undefined when it is not. */
export function decodeBase64(value: string): Uint8Array | undefined {
  if (typeof value !== "string" || value.length > MAX_HEADER_LENGTH) return undefined;
  const standard = /^[A-Za-z0-9+/]*={0,2}$/.test(value);
  const url = /^[A-Za-z0-9\-_]*={0,2}$/.test(value);
  if (!standard && !url) return undefined;
  const body = value.replace(/=+$/, "");
  const padding = value.length - body.length;
  if (body.length % 4 === 1) return undefined;
  if (padding > 0 && value.length % 4 !== 0) return undefined;
  const alphabet = standard
    ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of body) {
    buffer = (buffer << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return undefined; // non-canonical: pad bits set (§3.5)
  return Uint8Array.from(out);
}

/** RFC 4648 §4 base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? alphabet[n & 63]! : "=";
  }
  return out;
}

/** What a claims request asks of the access token. */
export interface ClaimsRequest {
  /** The claims parameter as Azure sent it (base64): what VS Code and `az login --claims-challenge` take. */
  base64: string;
  /** The decoded JSON text (what MSAL's `claims` option takes). */
  json: string;
  /** Authentication context ids asked for (`acrs`), e.g. ["c1"]. */
  authContexts: string[];
  /** A CAE revocation (`nbf`: a token issued after this). */
  revocation: boolean;
  /** Multifactor asked for (`amr` with "mfa"). */
  multifactor: boolean;
}

/** Decodes and reads a claims parameter; undefined when it is not base64 of a JSON object. */
export function readClaims(base64: string): ClaimsRequest | undefined {
  const bytes = decodeBase64(base64);
  if (!bytes || bytes.length === 0) return undefined;
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const access = isObject(parsed.access_token) ? parsed.access_token : {};
  const acrs = isObject(access.acrs) ? access.acrs : undefined;
  const authContexts = acrs ? stringsOf(acrs.value ?? acrs.values) : [];
  const amr = isObject(access.amr) ? stringsOf(access.amr.value ?? access.amr.values) : [];
  return {
    base64,
    json,
    authContexts,
    revocation: isObject(access.nbf),
    multifactor: amr.some((m) => m.toLowerCase() === "mfa"),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringsOf(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

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

/**
 * The Azure Policy variant of the MFA mandate (docs/azure-behaviour.md#claims-challenges): a RequestDisallowedByPolicy
 * whose text says MFA is required. Any other policy deny is a real policy and keeps its reason.
 */
export function isMfaPolicyDenial(code: string | undefined, message: string | undefined): boolean {
  if (code !== "RequestDisallowedByPolicy" || !message) return false;
  return /\bMFA is required\b|multi-?factor authentication/i.test(message);
}

const GUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const SCOPE = /^https:\/\/[A-Za-z0-9.\-:]+(\/[A-Za-z0-9.\-_~/]*)?$/;

/**
 * The Azure CLI command that answers a claims challenge. The tenant must be a GUID, the scope an https URL of plain
 * characters, the claims canonical base64: only those reach a command line (each comes from Azure). undefined
 * otherwise.
 */
export function azLoginCommand(tenantId: string | undefined, scope: string, claimsBase64: string): string | undefined {
  if (tenantId !== undefined && !GUID.test(tenantId)) return undefined;
  if (!SCOPE.test(scope)) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(claimsBase64) || !decodeBase64(claimsBase64)) return undefined;
  return [
    "az login",
    ...(tenantId ? [`--tenant ${tenantId}`] : []),
    `--scope ${scope}`,
    `--claims-challenge "${claimsBase64}"`,
  ].join(" ");
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
