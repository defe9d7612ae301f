// Source addresses for JIT requests. The service takes IPv4 addresses and CIDR prefixes only, and its subset
// rule is strict (docs/azure-behaviour.md#source-prefixes-match-exactly): a port limited to prefixes accepts exactly one of those prefixes — an
// address inside the CIDR is refused — and an omitted source (the caller's public IP) only fits a port open to any.
import ipaddr from "ipaddr.js";
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
    if (ipaddr.IPv4.isValidFourPartDecimal(decimal)) {
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
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return invalid(value);
  if (bits === undefined) return { ok: true, source: { kind: "ipv4", text: address } };
  if (!/^(0|[1-9]\d?)$/.test(bits) || Number(bits) > 32) {
    return { ok: false, error: t('Source address "{0}": the prefix length must be a number from 0 to 32.', value) };
  }
  const length = Number(bits);
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${length}`).toString();
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
  return address.includes(":") && ipaddr.IPv6.isValid(address.replace(/^\[|\]$/g, ""));
}

/** "10.0.0.1/32" and "10.0.0.1" name the same source. */
function normalize(prefix: string): string {
  const value = prefix.trim();
  return value.endsWith("/32") ? value.slice(0, -3) : value;
}

/** Whether `address` (an address or a CIDR) lies wholly inside the CIDR `prefix` (RFC 4632 §3.1). */
export function contains(prefix: string, address: string): boolean {
  try {
    const [range, bits] = ipaddr.IPv4.parseCIDR(prefix.trim());
    const [addr, addrBits] = address.includes("/") ? ipaddr.IPv4.parseCIDR(address) : [ipaddr.IPv4.parse(address), 32];
    // A wider request that merely starts at the same address is not "inside" the prefix.
    return addrBits >= bits && addr.match(range, bits);
  } catch {
    return false;
  }
}
