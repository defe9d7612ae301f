import { promises as fs } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { hostPort, type ConnectAddress } from "../core/connectAddress";
import { rdpFileContent } from "../core/rdpFile";
import { distinctSafeName } from "../core/sshConfigBlock";
import type { Services } from "../services";
import { plainText } from "../core/inertText";

/** Writes <global storage>/rdp/<vm>.rdp (no password; the client asks) and opens it with the system's RDP client. */
export async function connectRdp(
  services: Services,
  vmName: string,
  address: ConnectAddress,
  username: string | undefined,
): Promise<void> {
  const content = rdpFileContent({ host: address.host, port: address.port, username });
  if (!content.ok) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t("Cannot connect to {0}: {1}", plainText(vmName), plainText(content.errors.join(" "))),
    );
    return;
  }
  const dir = join(services.context.globalStorageUri.fsPath, "rdp");
  // Two VMs whose names differ only in non-ASCII letters must not overwrite each other's file.
  const fileName = `${distinctSafeName(vmName)}.rdp`;
  const file = join(dir, fileName);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, content.text, { mode: 0o600 });
  services.log.info(`RDP file ${file} → ${hostPort(address)}`);
  const opened = await vscode.env.openExternal(vscode.Uri.file(file));
  const copy = vscode.l10n.t("Copy Address");
  const message = opened
    ? vscode.l10n.t("Opening {0} with your Remote Desktop client ({1}).", fileName, hostPort(address))
    : vscode.l10n.t("No Remote Desktop client opened {0}. Connect to {1} with your client.", file, hostPort(address));
  const picked = await (opened
    ? vscode.window.showInformationMessage(message, copy)
    : vscode.window.showWarningMessage(message, copy));
  if (picked === copy) await copyText(hostPort(address));
}

export async function copyText(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t("Copied: {0}", text), 4000);
}
