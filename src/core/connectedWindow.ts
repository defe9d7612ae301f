// Which VM a Remote - SSH window was opened for, from stable API only: vscode.env.remoteName ("ssh-remote") and the
// authority of a workspace folder's URI (`ssh-remote+azure-jit-<vm>`, the Host alias Connect writes). An empty
// remote window has no folder, so it says nothing (docs/architecture.md#the-connected-window). Pure.
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
