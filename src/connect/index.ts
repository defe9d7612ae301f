import * as vscode from "vscode";
import { registerConnectCommand } from "./command";
import { registerCopyAddress } from "./copyAddress";
import type { Services } from "../services";

/** azureJit.connect and azureJit.copyAddress. */
export function registerConnect(services: Services): vscode.Disposable {
  return vscode.Disposable.from(registerConnectCommand(services), registerCopyAddress(services));
}
