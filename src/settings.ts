// The one place the extension reads azureJit.* settings: VS Code's raw values through core's validating reader
// (src/core/settings.ts). Read on each use, so a changed setting applies without a reload.
import * as vscode from "vscode";
import { readJitSettings, type JitSettings } from "./core/settings";

export function jitSettings(): JitSettings {
  const config = vscode.workspace.getConfiguration("azureJit");
  return readJitSettings((name) => config.get<unknown>(name));
}
