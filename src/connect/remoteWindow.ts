// The one place Connect opens a Remote - SSH window. With the managed Host block (azureJit.manageSshConfig) it opens
// the ssh user's home on the VM as `vscode-remote://ssh-remote+<alias>/home/<user>` through VS Code's own
// `vscode.openFolder`: Remote - SSH resolves `ssh-remote+<alias>` from the ssh config, and the new window's workspace
// folder carries the alias, so that window knows its grant (docs/architecture.md#the-connected-window). Without the
// block there is no alias to name: Remote - SSH's `opensshremotes.openEmptyWindow` gets the address itself, and that
// window does not know its grant.
import * as vscode from "vscode";

/**
 * What Remote - SSH's stable command `opensshremotes.openEmptyWindow` takes: `{ host, userName?, port? }`
 * (docs/azure-behaviour.md#remote---ssh-opens-a-host-user-and-port-without-a-config-entry).
 */
export interface RemoteSshTarget {
  host: string;
  userName?: string;
  port?: number;
}

export type RemoteWindow = { kind: "folder"; uri: string } | { kind: "empty"; target: RemoteSshTarget };

const MAX_REMEMBERED = 20;
const opened: RemoteWindow[] = [];

/** The windows Connect asked for in this extension host, oldest first (the in-host e2e suite reads them). */
export function openedRemoteWindows(): readonly RemoteWindow[] {
  return [...opened];
}

/** Opens a new window: the folder (its URI built by core/remoteFolder.ts) or an empty one on the target. */
export async function openRemoteWindow(window: RemoteWindow): Promise<void> {
  opened.push(window);
  if (opened.length > MAX_REMEMBERED) opened.shift();
  if (window.kind === "folder") {
    await vscode.commands.executeCommand("vscode.openFolder", vscode.Uri.parse(window.uri, true), {
      forceNewWindow: true,
    });
  } else {
    await vscode.commands.executeCommand("opensshremotes.openEmptyWindow", window.target);
  }
}
