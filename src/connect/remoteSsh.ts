import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import * as vscode from "vscode";
import type { ConnectAddress } from "../core/connectAddress";
import { parseVmId } from "../core/resourceId";
import {
  chooseHostAlias,
  hostAlias,
  sshCommand,
  startMarker,
  validateHostName,
  validateSshUser,
} from "../core/sshConfigBlock";
import type { Services } from "../services";
import { defaultSshConfigPath, writeManagedHost } from "./sshConfig";
import { openRemoteWindow, type RemoteSshTarget, type RemoteWindow } from "./remoteWindow";
import { plainText } from "../core/inertText";
import { homeFolderUri } from "../core/remoteFolder";

export const REMOTE_SSH_ID = "ms-vscode-remote.remote-ssh";

/** Remote-SSH reads remote.SSH.configFile when set; our block must land where it looks. */
function sshConfigPath(): string {
  const custom = vscode.workspace.getConfiguration("remote.SSH").get<string>("configFile", "")?.trim();
  if (!custom) return defaultSshConfigPath();
  return custom.startsWith("~") ? homedir() + custom.slice(1) : custom;
}

/**
 * The Host alias Connect wrote for this VM into the SSH config Remote-SSH reads, or undefined when there is no such
 * block (manageSshConfig off, never connected from here, or the file is missing or unreadable).
 */
export async function managedAlias(vm: { name: string; id: string }): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(sshConfigPath(), "utf8");
  } catch {
    return undefined;
  }
  const ref = parseVmId(vm.id);
  const alias = chooseHostAlias(text, {
    name: vm.name,
    id: vm.id,
    ...(ref ? { resourceGroup: ref.resourceGroup } : {}),
  });
  return text.split(/\r\n|\n|\r/).some((line) => line.trim() === startMarker(alias)) ? alias : undefined;
}

/**
 * Writes the managed Host block (azureJit.manageSshConfig) and opens a Remote-SSH window on the user's home there
 * (src/connect/remoteWindow.ts says why a folder); without the block, an empty window on the address.
 */
export async function connectSsh(
  services: Services,
  vm: { name: string; id: string },
  address: ConnectAddress,
  user: string | undefined,
  manageSshConfig: boolean,
): Promise<void> {
  const vmName = vm.name;
  const problems = [validateHostName(address.host), user === undefined ? undefined : validateSshUser(user)].filter(
    (p): p is string => p !== undefined,
  );
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t("Cannot connect to {0}: {1}", plainText(vmName), plainText(problems.join(" "))),
    );
    return;
  }
  const command = sshCommand({ hostName: address.host, port: address.port, user });
  let window: RemoteWindow;
  if (manageSshConfig) {
    const path = sshConfigPath();
    try {
      const ref = parseVmId(vm.id);
      const aliasFor = { name: vmName, id: vm.id, ...(ref ? { resourceGroup: ref.resourceGroup } : {}) };
      const edit = await writeManagedHost(
        path,
        { alias: hostAlias(vmName), hostName: address.host, user, port: address.port },
        aliasFor,
      );
      if (!edit.ok) {
        await offerFallbacks(services, vscode.l10n.t("Could not update {0}: {1}", path, edit.error), command, false);
        return;
      }
      const alias = edit.alias;
      if (edit.changed) services.log.info(`SSH config ${path}: Host ${alias} → ${address.host}:${address.port}`);
      if (edit.overridden.length > 0) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            "{0} sets {1} before the Azure JIT block, so its value wins for Host {2}.",
            plainText(path),
            plainText(edit.overridden.join(", ")),
            plainText(alias),
          ),
        );
      }
      window = homeWindow(services, alias, user);
    } catch (e) {
      services.log.error(`Writing ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
      await offerFallbacks(
        services,
        vscode.l10n.t("Could not write {0}: {1}", path, e instanceof Error ? e.message : String(e)),
        command,
        false,
      );
      return;
    }
  } else {
    window = { kind: "empty", target: directTarget(address, user) };
  }
  let extension = vscode.extensions.getExtension(REMOTE_SSH_ID);
  if (!extension) {
    const installed = await offerFallbacks(
      services,
      vscode.l10n.t(
        "Remote - SSH is not installed. Install it to open {0} in a new window, or use SSH in a terminal.",
        vmName,
      ),
      command,
      true,
    );
    if (!installed) return;
    extension = vscode.extensions.getExtension(REMOTE_SSH_ID);
    if (!extension) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t("Remote - SSH is being installed. Run Connect again when it is ready."),
      );
      return;
    }
  }
  if (!extension.isActive) await extension.activate();
  services.log.info(
    window.kind === "folder"
      ? `Opening Remote-SSH window on ${window.uri}`
      : `Opening empty Remote-SSH window for ${window.target.host}${window.target.port === undefined ? "" : ` port ${window.target.port}`}`,
  );
  await openRemoteWindow(window);
}

/**
 * The user's home on the VM under the alias Connect wrote. Without a known user (no azureJit.sshUser, no admin user
 * name from Azure) ssh picks the login, so the home is unknown: an empty window on the alias, which does not know
 * its grant.
 */
function homeWindow(services: Services, alias: string, user: string | undefined): RemoteWindow {
  if (user === undefined) {
    services.log.info(`No ssh user known for ${alias}: opening an empty window (it will not show its own grant)`);
    return { kind: "empty", target: { host: alias } };
  }
  const home = homeFolderUri(alias, user);
  if (!home.ok) {
    services.log.warn(`Cannot name the home folder on ${alias}: ${home.error}; opening an empty window`);
    return { kind: "empty", target: { host: alias } };
  }
  return { kind: "folder", uri: home.uri };
}

/**
 * azureJit.manageSshConfig off: no Host block, so Remote - SSH gets the address itself: the host, the login name
 * and the port (the firewall's mapped port when the policy maps one), all validated by connectSsh's caller checks.
 */
export function directTarget(address: ConnectAddress, user: string | undefined): RemoteSshTarget {
  return { host: address.host, ...(user ? { userName: user } : {}), port: address.port };
}

/** Offers ways to connect without Remote-SSH. Returns true when the user installed Remote-SSH. */
async function offerFallbacks(
  services: Services,
  message: string,
  command: string,
  offerInstall: boolean,
): Promise<boolean> {
  const install = vscode.l10n.t("Install Remote - SSH");
  const copy = vscode.l10n.t("Copy SSH Command");
  const terminal = vscode.l10n.t("Open in Terminal");
  const picked = await (offerInstall
    ? vscode.window.showInformationMessage(message, install, copy, terminal)
    : vscode.window.showErrorMessage(message, copy, terminal));
  if (picked === install) {
    try {
      await vscode.commands.executeCommand("workbench.extensions.installExtension", REMOTE_SSH_ID);
      return true;
    } catch (e) {
      services.log.error(`Installing ${REMOTE_SSH_ID} failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t("Could not install Remote - SSH: {0}", plainText(e instanceof Error ? e.message : String(e))),
      );
    }
  } else if (picked === copy) {
    await vscode.env.clipboard.writeText(command);
    vscode.window.setStatusBarMessage(vscode.l10n.t("Copied: {0}", command), 4000);
  } else if (picked === terminal) {
    // Every part of the command was validated (IPv4/DNS name, login name, port): safe to type into a shell.
    const t = vscode.window.createTerminal({ name: vscode.l10n.t("Azure JIT SSH") });
    t.show();
    t.sendText(command);
  }
  return false;
}
