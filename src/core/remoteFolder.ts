// The folder Connect opens in a Remote - SSH window: the ssh user's home on the VM, as a `vscode-remote://` URI whose
// authority `ssh-remote+<alias>` names the Host alias Connect wrote (docs/architecture.md#the-connected-window). A
// window opened on that folder exposes the alias through stable API (its workspace folder's authority); an empty
// window does not. Pure: strings in, strings out.
import { t } from "./l10n";
import { validateSshUser } from "./sshConfigBlock";

export const REMOTE_SCHEME = "vscode-remote";
export const SSH_AUTHORITY_PREFIX = "ssh-remote+";

/** RFC 3986 unreserved characters: never percent-encoded. */
const UNRESERVED = /^[A-Za-z0-9._~-]$/;

/** The user's home on a Linux VM: `/root` for root, `/home/<user>` for everyone else. */
export function homeFolderPath(user: string): string {
  return user === "root" ? "/root" : `/home/${user}`;
}

/**
 * Percent-encodes (RFC 3986 §2.1, UTF-8 octets, upper-case hex) everything that is not unreserved (§2.3), so the
 * text is one path segment or one reg-name whatever it holds.
 */
export function encodeRfc3986(text: string): string {
  let out = "";
  for (const char of text) {
    if (UNRESERVED.test(char)) out += char;
    else
      for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export type HomeFolder = { ok: true; uri: string; path: string } | { ok: false; error: string };

/**
 * `vscode-remote://ssh-remote+<alias>/home/<user>` (or `/root`). The user must be a login name (validateSshUser: it
 * also goes into the ssh config), else nothing is opened; the alias is the one Connect wrote ([A-Za-z0-9._-]). Both
 * are encoded anyway, so no character can leave its URI component.
 */
export function homeFolderUri(alias: string, user: string): HomeFolder {
  const userError = validateSshUser(user);
  if (userError) return { ok: false, error: userError };
  if (!/^[A-Za-z0-9._-]+$/.test(alias))
    return {
      ok: false,
      error: t(
        'Host alias "{0}" may only contain letters, digits, ".", "_" and "-".',
        JSON.stringify(alias).slice(1, -1),
      ),
    };
  const path = homeFolderPath(user);
  const encodedPath = path
    .split("/")
    .map((segment) => encodeRfc3986(segment))
    .join("/");
  // "+" is a sub-delim, allowed as is in a reg-name (RFC 3986 §3.2.2); Remote - SSH reads `ssh-remote+<host>`.
  return { ok: true, uri: `${REMOTE_SCHEME}://${SSH_AUTHORITY_PREFIX}${encodeRfc3986(alias)}${encodedPath}`, path };
}
