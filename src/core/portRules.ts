// What a JIT port rule is and how the user types one: protocols, the portal's recommended ports per OS, the port
// number and allowed sources as typed, and the rule's short text. The writes that use them are in policyEdit.ts.
import { humanDuration, parseIsoDuration } from "./duration";
import { t } from "./l10n";
import { parseSource } from "./sourceAddress";
import type { PortRule } from "./types";

export const DEFAULT_MAX_REQUEST_DURATION = "PT3H";
export const PROTOCOLS = ["TCP", "UDP", "*"] as const;

export function protocolLabel(protocol: string): string {
  return protocol === "*" ? t("Any") : protocol;
}

/**
 * The portal's suggestions: SSH for Linux, RDP for Windows, WinRM when asked for. Unknown OS gets both SSH and RDP
 * so nothing the user may need is hidden. For a mixed selection this is the union the shared form shows;
 * planEnable then gives each VM only its own OS's ports. Protocol and source default to "any", as in the portal and
 * Microsoft's New-JITPolicy script; the request itself still defaults to the caller's own IP.
 */
export function recommendedPorts(osTypes: Array<string | undefined>, options: { winRm?: boolean } = {}): PortRule[] {
  const os = new Set(osTypes.map((o) => (o ?? "").toLowerCase()));
  const numbers: number[] = [];
  const linux = os.has("linux");
  const windows = os.has("windows");
  const unknown = os.size === 0 || [...os].some((o) => o !== "linux" && o !== "windows");
  if (linux || unknown) numbers.push(22);
  if (windows || unknown) numbers.push(3389);
  if (options.winRm) numbers.push(5985, 5986);
  return numbers.map((number) => newPortRule(number));
}

export type OsKind = "linux" | "windows";

/** The ports the portal recommends per OS: SSH for Linux; RDP and WinRM (HTTP, HTTPS) for Windows. */
const OS_PORTS: Record<OsKind, readonly number[]> = { linux: [22], windows: [3389, 5985, 5986] };

export function osKind(osType: string | undefined): OsKind | undefined {
  const os = (osType ?? "").toLowerCase();
  return os === "linux" || os === "windows" ? os : undefined;
}

/**
 * Which VMs of a shared enable form a port goes to, when one form serves a selection mixing Linux and Windows:
 * 22 to the Linux VMs, 3389/5985/5986 to the Windows VMs (WinRM is a Windows service: giving Linux VMs a deny rule
 * for it protects nothing). Any other port, and every port when the selection is not mixed, goes to every VM —
 * the user chose it for all of them. `undefined` means "every VM".
 */
export function portAudience(number: number, osTypes: Array<string | undefined>): OsKind | undefined {
  const kinds = new Set(osTypes.map(osKind));
  if (!(kinds.has("linux") && kinds.has("windows"))) return undefined;
  return (Object.keys(OS_PORTS) as OsKind[]).find((os) => OS_PORTS[os].includes(number));
}

export function newPortRule(number: number): PortRule {
  return {
    number,
    protocol: "*",
    allowedSourceAddressPrefixes: ["*"],
    maxRequestAccessDuration: DEFAULT_MAX_REQUEST_DURATION,
  };
}

/** Port number as typed: a whole number from 1 to 65535. */
export function validatePortNumber(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 65535) {
    return t("Port: enter a whole number from 1 to 65535.");
  }
  return undefined;
}

/** Allowed sources as typed: "*" or "any" for any source, otherwise IPv4 addresses or CIDR prefixes, comma-separated. */
export function parseAllowedSources(text: string): { ok: true; prefixes: string[] } | { ok: false; error: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== "");
  if (parts.length === 0)
    return {
      ok: false,
      error: t("Allowed sources: enter * for any source, or IPv4 addresses or CIDR prefixes separated by commas."),
    };
  if (parts.length === 1 && /^(\*|any)$/i.test(parts[0] as string)) return { ok: true, prefixes: ["*"] };
  const prefixes: string[] = [];
  for (const part of parts) {
    if (/^(\*|any)$/i.test(part)) {
      return {
        ok: false,
        error: t('Allowed sources: "{0}" (any source) cannot be combined with specific addresses.', part),
      };
    }
    const parsed = parseSource(part);
    if (!parsed.ok) return { ok: false, error: t("Allowed sources: {0}", parsed.error) };
    if (parsed.source.kind === "any" && parts.length === 1) return { ok: true, prefixes: [parsed.source.text] };
    if (parsed.source.kind === "any") {
      return {
        ok: false,
        error: t('Allowed sources: "{0}" (any source) cannot be combined with specific addresses.', part),
      };
    }
    if (!prefixes.includes(parsed.source.text)) prefixes.push(parsed.source.text);
  }
  return { ok: true, prefixes };
}

export function formatAllowedSources(prefixes: string[]): string {
  return prefixes.length === 0 || (prefixes.length === 1 && prefixes[0] === "*") ? "*" : prefixes.join(", ");
}

/** Short human text of one rule, e.g. "22 · TCP · any source · 3 h". */
export function describePortRule(port: PortRule): string {
  const duration = parseIsoDuration(port.maxRequestAccessDuration);
  const sources = formatAllowedSources(port.allowedSourceAddressPrefixes);
  return t(
    "{0} · {1} · {2} · max {3}",
    port.number,
    protocolLabel(port.protocol),
    sources === "*" ? t("any source") : sources,
    duration.ok ? humanDuration(duration.ms) : port.maxRequestAccessDuration,
  );
}
