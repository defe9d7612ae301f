import { t } from "./l10n";

// The managed `Host azure-jit-<vm>` block. Everything written to ~/.ssh/config comes from Azure (VM name, IP,
// admin user name), so each value is validated here: a newline or space in a value would let Azure-side data add
// ssh_config directives (ProxyCommand runs a shell command). Every written line is ASCII without control
// characters, so no Unicode line break (LF, CR, VT, FF, NEL, U+2028, U+2029) nor NUL can reach the file.

export const HOST_ALIAS_PREFIX = "azure-jit-";

export interface ManagedHost {
  alias: string;
  hostName: string;
  user?: string;
  port: number;
  /** The VM's resource id, kept in a comment so a later Connect knows whose block an alias is. */
  vmId?: string;
}

/** Keeps only [A-Za-z0-9._-]; anything else becomes "-". Never empty, never "." or "..". Lossy: see hostAlias. */
export function safeName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 64);
  return cleaned === "" ? "vm" : cleaned;
}

/**
 * `azure-jit-<name>` when the name survives safeName unchanged; otherwise the safe form plus a hash of `key` (the
 * VM's case-folded id when known): "vmé" and "vmè" both read "vm-", and must not share one Host block.
 */
export function hostAlias(vmName: string, key: string = vmName): string {
  return HOST_ALIAS_PREFIX + distinctSafeName(vmName, key);
}

/** safeName, plus a hash of `key` (case-folded) whenever safeName changed the name: distinct names stay distinct. */
export function distinctSafeName(name: string, key: string = name): string {
  const safe = safeName(name);
  return safe === name ? safe : `${safe}-${fnv1a(key.toLowerCase())}`;
}

/** Longest escaped id a VM line holds: older OpenSSH read config lines into a 4096-byte buffer; stay well under. */
export const MAX_COMMENT_ID_LENGTH = 3000;

const COMMENT_SAFE = /[A-Za-z0-9/_.()-]/;

/**
 * The id as the block's comment holds it: characters outside [A-Za-z0-9/_.()-] are percent-escaped (UTF-8, as in a
 * URI; a lone surrogate as %uXXXX), so the line holds no line break, no space and no "#", and still names the id
 * exactly: decodeCommentId gives it back.
 */
export function commentSafeId(vmId: string): string {
  let out = "";
  for (let i = 0; i < vmId.length; i++) {
    const c = vmId[i];
    if (COMMENT_SAFE.test(c)) {
      out += c;
      continue;
    }
    const code = vmId.charCodeAt(i);
    const next = vmId.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += utf8Escape(vmId.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else {
      out += utf8Escape(c);
    }
  }
  return out;
}

function utf8Escape(char: string): string {
  return [...new TextEncoder().encode(char)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

/** The id a VM line holds (commentSafeId's inverse); undefined when the text is not in that form. */
export function decodeCommentId(text: string): string | undefined {
  let out = "";
  let bytes: number[] = [];
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    try {
      out += new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return false;
    }
    bytes = [];
    return true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "%" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (!flush()) return undefined;
    if (c === "%" && /^u[0-9A-F]{4}$/i.test(text.slice(i + 1, i + 6))) {
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (COMMENT_SAFE.test(c)) {
      out += c;
    } else {
      return undefined;
    }
  }
  return flush() ? out : undefined;
}

const VM_LINE = "# VM: ";

/**
 * The alias for a VM: `azure-jit-<vm>` unless that block already belongs to another VM of the same name (other
 * resource group or subscription), then `azure-jit-<vm>-<resource group>`, then one with a hash of the id, then that
 * with a counter. A name or group that safeName would change always carries the hash (hostAlias). A block written
 * before ids were recorded counts as this VM's: it was written for a VM of this name. No two VM ids ever get the
 * same alias from one file: the last candidates are tried until one is free or already this VM's.
 */
export function chooseHostAlias(configText: string, vm: { name: string; id: string; resourceGroup?: string }): string {
  const key = vm.id.toLowerCase();
  const candidates = [hostAlias(vm.name, key)];
  if (vm.resourceGroup) candidates.push(hostAlias(`${vm.name}-${vm.resourceGroup}`, key));
  const hashed = HOST_ALIAS_PREFIX + `${safeName(vm.name)}-${fnv1a(key)}`;
  candidates.push(hashed);
  for (let n = 2; n < 1000; n++) candidates.push(`${hashed}-${n}`);
  for (const alias of candidates) {
    const owner = blockOwner(configText, alias);
    if (owner === undefined || owner === "" || decodeCommentId(owner)?.toLowerCase() === key) return alias;
  }
  return `${hashed}-${fnv1a(configText)}`;
}

/** undefined: no block for the alias; "": a block without a VM line; else the id in its VM line. */
function blockOwner(text: string, alias: string): string | undefined {
  const lines = text.split(/\r\n|\n|\r/).map((l) => l.trim());
  const start = lines.indexOf(startMarker(alias));
  if (start < 0) return undefined;
  for (let i = start + 1; i < lines.length && lines[i] !== endMarker(alias); i++) {
    if (lines[i].startsWith(VM_LINE)) return lines[i].slice(VM_LINE.length).trim();
  }
  return "";
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable tag for an id, not a security measure. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** HostName must be an IPv4 address or a DNS name; message or undefined. */
export function validateHostName(host: string): string | undefined {
  if (isIpv4(host)) return undefined;
  const labels = host.replace(/\.$/, "").split(".");
  const ok =
    host.length <= 253 &&
    labels.length >= 1 &&
    labels.every((l) => LABEL.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1]);
  return ok ? undefined : t('Host name "{0}" is not an IPv4 address or a DNS name.', printable(host));
}

/** User must be a POSIX-style login name (letters, digits, ".", "_", "-"; not starting with "-"); message or undefined. */
export function validateSshUser(user: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9._-]{0,63}$/.test(user)
    ? undefined
    : t('User name "{0}" is not a valid login name (letters, digits, ".", "_", "-"; at most 64).', printable(user));
}

export function validatePort(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : t("Port {0} is not between 1 and 65535.", String(port));
}

export function validateManagedHost(host: ManagedHost): string[] {
  const errors: string[] = [];
  if (!/^[A-Za-z0-9._-]+$/.test(host.alias))
    errors.push(t('Host alias "{0}" may only contain letters, digits, ".", "_" and "-".', printable(host.alias)));
  const hostError = validateHostName(host.hostName);
  if (hostError) errors.push(hostError);
  if (host.user !== undefined) {
    const userError = validateSshUser(host.user);
    if (userError) errors.push(userError);
  }
  const portError = validatePort(host.port);
  if (portError) errors.push(portError);
  if (host.vmId !== undefined && commentSafeId(host.vmId).length > MAX_COMMENT_ID_LENGTH) {
    errors.push(
      t(
        "The VM id is {0} characters long; the SSH config records ids of at most {1}.",
        host.vmId.length,
        MAX_COMMENT_ID_LENGTH,
      ),
    );
  }
  return errors;
}

export function startMarker(alias: string): string {
  return `# >>> azure-jit-access ${alias} >>>`;
}

export function endMarker(alias: string): string {
  return `# <<< azure-jit-access ${alias} <<<`;
}

/** The block's lines, markers included, without line endings. Call only with a host that validated. */
export function managedBlockLines(host: ManagedHost): string[] {
  return [
    startMarker(host.alias),
    "# Managed by Azure JIT Access: changes between these markers are overwritten.",
    ...(host.vmId ? [VM_LINE + commentSafeId(host.vmId)] : []),
    `Host ${host.alias}`,
    `  HostName ${host.hostName}`,
    ...(host.user ? [`  User ${host.user}`] : []),
    `  Port ${host.port}`,
    endMarker(host.alias),
  ];
}

/** The command a user can paste into a terminal. Values must have validated (they are not shell-quoted). */
export function sshCommand(target: { hostName: string; port: number; user?: string }): string {
  const port = target.port === 22 ? "" : `-p ${target.port} `;
  return `ssh ${port}${target.user ? `${target.user}@` : ""}${target.hostName}`;
}

/** Values from Azure end up in messages: show control characters rather than letting them break a line. */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 80)).slice(1, -1);
}
