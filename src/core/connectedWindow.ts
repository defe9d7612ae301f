// Which VM a Remote - SSH window was opened for, from stable API only: vscode.env.remoteName ("ssh-remote") and the
// authority of a workspace folder's URI (`ssh-remote+azure-jit-<vm>`, the Host alias Connect writes; Connect opens
// the user's home there, src/core/remoteFolder.ts). An empty remote window has no folder, so it says nothing
// (docs/architecture.md#the-connected-window). Pure.
import { HOST_ALIAS_PREFIX, hostAlias } from "./sshConfigBlock";

/** The `azure-jit-…` host alias this window is connected to, or undefined (local window, another host, no folder). */
export function connectedAlias(
  remoteName: string | undefined,
  folderAuthorities: readonly string[],
): string | undefined {
  if (remoteName !== "ssh-remote") return undefined;
  for (const authority of folderAuthorities) {
    const m = /^ssh-remote\+(.+)$/i.exec(authority);
    const host = m?.[1] ? decodedOrUndefined(m[1]) : undefined;
    if (host && host.toLowerCase().startsWith(HOST_ALIAS_PREFIX)) return host;
  }
  return undefined;
}

/** RFC 3986 Appendix B: scheme, authority, path, query, fragment of any URI reference. */
const URI_PARTS = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/;

/** A URI's authority, percent-decoded (undefined when it has none or its escapes are not UTF-8). */
export function uriAuthority(uri: string): string | undefined {
  const authority = URI_PARTS.exec(uri)?.[4];
  if (authority === undefined) return undefined;
  try {
    return decodeURIComponent(authority);
  } catch {
    return undefined;
  }
}

/** connectedAlias from the workspace folders' URIs as text (vscode.Uri.toString() encodes the "+" as %2B). */
export function connectedAliasOfUris(
  remoteName: string | undefined,
  folderUris: readonly string[],
): string | undefined {
  const authorities = folderUris.map(uriAuthority).filter((a): a is string => a !== undefined);
  // Already decoded: escape a literal "%" so connectedAlias's own decoding gives it back unchanged.
  return connectedAlias(
    remoteName,
    authorities.map((a) => a.replace(/%/g, "%25")),
  );
}

/** The grants a window shows: in a connected window its VM's (all of them when none is that VM's). */
export function grantsOfWindow<G extends { vmName: string }>(alias: string | undefined, grants: readonly G[]): G[] {
  const mine = alias ? grants.filter((g) => aliasIsVm(alias, g.vmName)) : [];
  return mine.length > 0 ? mine : [...grants];
}

/** Whether a VM's grants belong to the connected alias (`azure-jit-<vm>`, or the form with a resource group after it). */
export function aliasIsVm(alias: string, vmName: string): boolean {
  const own = hostAlias(vmName).toLowerCase();
  const a = alias.toLowerCase();
  return a === own || a.startsWith(`${own}-`);
}

/** A folder URI's authority comes from whoever opened the window: a malformed %-escape is no alias, not a crash. */
function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
