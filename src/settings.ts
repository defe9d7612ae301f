// The one place the extension reads azureJit.* settings: VS Code's raw values through core's validating reader
// (src/core/settings.ts). Read on each use, so a changed setting applies without a reload.
import * as vscode from "vscode";
import { readJitSettings, RESTRICTED_SETTINGS, type JitSettings } from "./core/settings";

const restricted = new Set<string>(RESTRICTED_SETTINGS);

/**
 * In an untrusted workspace (Restricted Mode) a restricted setting's workspace and folder values are ignored: the
 * user's value, else the default. VS Code does the same for the manifest's restrictedConfigurations; reading it
 * here too keeps that true for every reader whatever the host does (docs/azure-behaviour.md#restricted-mode).
 */
export function jitSettings(): JitSettings {
  const config = vscode.workspace.getConfiguration("azureJit");
  const trusted = vscode.workspace.isTrusted;
  return readJitSettings((name) => {
    if (trusted || !restricted.has(name)) return config.get<unknown>(name);
    const seen = config.inspect<unknown>(name);
    return seen?.globalValue ?? seen?.defaultValue;
  });
}

/** Another extension's setting that decides where the Azure token goes: its user value in an untrusted workspace. */
export function trustedSetting(section: string, name: string): unknown {
  const config = vscode.workspace.getConfiguration(section);
  if (vscode.workspace.isTrusted) return config.get<unknown>(name);
  const seen = config.inspect<unknown>(name);
  return seen?.globalValue ?? seen?.defaultValue;
}
