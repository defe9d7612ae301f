// The claims parameter of a claims challenge: base64 (RFC 4648 §4, or §5's URL alphabet) of a JSON object that
// says what the access token lacks (docs/azure-behaviour.md#claims-challenges). Untrusted: nothing throws.
import { MAX_HEADER_LENGTH } from "./claimsChallengeHeader";

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
