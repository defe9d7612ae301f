// Source addresses for JIT requests. The service takes IPv4 addresses and CIDR prefixes only, and its subset
// rule is strict (docs/azure-behaviour.md#source-prefixes-match-exactly): a port limited to prefixes accepts exactly one of those prefixes — an
// address inside the CIDR is refused — and an omitted source (the caller's public IP) only fits a port open to any.
// No address library: dotted quads, prefixes and the IPv6 text forms are a few lines here (ipaddr.js cost 12.5 KiB of
// the bundle), and node:net is no option: src/core stays off node's network modules and the webview bundles this file.
import { t } from "./l10n";

export type Source = { kind: "any"; text: string } | { kind: "ipv4"; text: string } | { kind: "cidr"; text: string };
export type SourceResult = { ok: true; source: Source } | { ok: false; error: string };

/** The service's own words for IPv6, so the user sees the same reason before sending. */
export const IPV6_MESSAGE =
  "The provided access request contains a source IP address in IPv6 format, which is unsupported by Just-In-Time Network Access.";

const ANY_SOURCES = new Set(["*", "0.0.0.0/0", "any", "internet"]);

export function isAnySource(prefix: string): boolean {
  return ANY_SOURCES.has(prefix.trim().toLowerCase());
}

export function parseSource(text: string): SourceResult {
  const value = text.trim();
  if (value === "")
    return {
      ok: false,
      error: t("Source address is empty; enter an IPv4 address or CIDR such as 203.0.113.7 or 10.1.0.0/24."),
    };
  if (isAnySource(value)) return { ok: true, source: { kind: "any", text: value === "*" ? "*" : "0.0.0.0/0" } };
  const [address, bits, extra] = value.split("/");
  if (extra !== undefined) return invalid(value);
  if (isIpv6(address)) return { ok: false, error: t(IPV6_MESSAGE) };
  if (/^\d+(\.\d+){3}$/.test(address) && /(^|\.)0\d/.test(address)) {
    // Some tools read 010 as octal (8), others as decimal (10): refuse rather than guess, and show the decimal form.
    const decimal = address
      .split(".")
      .map((octet) => String(Number(octet)))
      .join(".");
    if (ipv4Number(decimal) !== undefined) {
      return {
        ok: false,
        error: t(
          'Source address "{0}" is not an IPv4 address or CIDR prefix: leading zeros are ambiguous; write {1}.',
          value,
          bits === undefined ? decimal : `${decimal}/${bits}`,
        ),
      };
    }
  }
  const number = ipv4Number(address);
  if (number === undefined) return invalid(value);
  if (bits === undefined) return { ok: true, source: { kind: "ipv4", text: address } };
  if (!/^(0|[1-9]\d?)$/.test(bits) || Number(bits) > 32) {
    return { ok: false, error: t('Source address "{0}": the prefix length must be a number from 0 to 32.', value) };
  }
  const length = Number(bits);
  const network = dottedQuad((number & mask(length)) >>> 0);
  if (network !== address) {
    return {
      ok: false,
      error: t('Source address "{0}" has host bits set; the network is {1}/{2}.', value, network, length),
    };
  }
  if (length === 0) return { ok: true, source: { kind: "any", text: "0.0.0.0/0" } };
  if (length === 32) return { ok: true, source: { kind: "ipv4", text: address } };
  return { ok: true, source: { kind: "cidr", text: `${address}/${length}` } };
}

/**
 * Whether a policy port whose allowed sources are `allowed` accepts `requested` (undefined = the caller's public IP,
 * filled in by Azure). Returns undefined when it does, else the reason and what to send instead.
 */
export function checkSourceAllowed(requested: string | undefined, allowed: string[]): string | undefined {
  if (allowed.length === 0 || allowed.some(isAnySource)) return undefined;
  const list = allowed.join(", ");
  if (requested === undefined) {
    return allowed.length === 1
      ? t("This port only allows the source {0}; choose it instead of your public IP.", list)
      : t("This port only allows these sources: {0}; choose one of them instead of your public IP.", list);
  }
  const wanted = normalize(requested);
  if (allowed.some((prefix) => normalize(prefix) === wanted)) return undefined;
  const containing = allowed.find((prefix) => contains(prefix, requested));
  if (containing) {
    return t("Your source must be exactly {0} for this port; Azure refuses an address inside it.", containing);
  }
  return allowed.length === 1
    ? t("Source {0} is not allowed for this port; it allows only {1}.", requested, list)
    : t("Source {0} is not allowed for this port; it allows only one of: {1}.", requested, list);
}

function invalid(value: string): SourceResult {
  return {
    ok: false,
    error: t('Source address "{0}" is not an IPv4 address or CIDR prefix (e.g. 203.0.113.7 or 10.1.0.0/24).', value),
  };
}

function isIpv6(address: string): boolean {
  return address.includes(":") && isIpv6Text(address.replace(/^\[|\]$/g, ""));
}

/**
 * RFC 4291 §2.2: eight groups of 1–4 hex digits, one "::" for a run of zero groups, the last two groups optionally
 * as a dotted quad; plus an RFC 4007 zone ("%eth0").
 */
function isIpv6Text(text: string): boolean {
  const address = text.replace(/%[0-9a-z]+$/i, "");
  const embedded = /^(.*:)([^:]*\.[^:]*)$/.exec(address);
  if (embedded && ipv4Number(embedded[2]!) === undefined) return false;
  const halves = (embedded ? `${embedded[1]}0:0` : address).split("::");
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (halves.length > 2 || !groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/**
 * RFC 791's dotted decimal as an unsigned 32-bit number: four parts 0–255 in decimal without leading zeros (some
 * tools read 010 as octal), else undefined.
 */
function ipv4Number(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text)) return undefined;
  const parts = text.split(".").map(Number);
  return parts.every((part) => part <= 255) ? parts.reduce((n, part) => n * 256 + part, 0) : undefined;
}

function dottedQuad(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** The network mask of a prefix length 0–32 as uint32. JavaScript shifts count mod 32, so -1 << 32 is -1, not 0. */
function mask(length: number): number {
  return length === 0 ? 0 : (-1 << (32 - length)) >>> 0;
}

/** "a.b.c.d/n" with n 0–32 (leading zeros allowed in n, as before); host bits may be set. */
function parseCidr(text: string): { network: number; length: number } | undefined {
  const match = /^(.+)\/(\d+)$/.exec(text);
  const network = match ? ipv4Number(match[1]!) : undefined;
  const length = match ? Number(match[2]) : NaN;
  return network === undefined || !(length <= 32) ? undefined : { network, length };
}

/** "10.0.0.1/32" and "10.0.0.1" name the same source. */
function normalize(prefix: string): string {
  const value = prefix.trim();
  return value.endsWith("/32") ? value.slice(0, -3) : value;
}

/**
 * Whether `address` (an address or a CIDR) lies wholly inside the CIDR `prefix` (RFC 4632 §3.1). Both are dotted
 * quads as parseSource takes them; inet_aton's shorthands (010.0.0.1, 0x7f.0.0.1, 10.1, 167772160) are no address.
 */
export function contains(prefix: string, address: string): boolean {
  const range = parseCidr(prefix.trim());
  const inner = parseCidr(address.includes("/") ? address : `${address}/32`);
  if (range === undefined || inner === undefined) return false;
  // A wider request that merely starts at the same address is not "inside" the prefix.
  return inner.length >= range.length && ((inner.network ^ range.network) & mask(range.length)) === 0;
}
