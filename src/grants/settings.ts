import * as vscode from "vscode";

// The settings the one-click flows, the countdown and connect read, with their defaults and sane bounds
// (settings.json can hold anything).

export interface GrantSettings {
  defaultDuration: string;
  justificationTemplate: string;
  requireJustification: boolean;
  expiryWarningMinutes: number;
  /** The "ends in N min" notification (not the status bar color). */
  expiryWarningNotification: boolean;
  sshPorts: number[];
  sshUser: string;
  manageSshConfig: boolean;
}

export function grantSettings(): GrantSettings {
  const c = vscode.workspace.getConfiguration("azureJit");
  const warning = c.get<number>("expiryWarningMinutes", 5);
  const sshPorts = c.get<unknown>("sshPorts", [22]);
  return {
    defaultDuration: String(c.get<string>("defaultDuration", "PT1H")).trim(),
    justificationTemplate: String(c.get<string>("justificationTemplate", "") ?? ""),
    requireJustification: c.get<boolean>("requireJustification", false) === true,
    expiryWarningMinutes: typeof warning === "number" && Number.isFinite(warning) ? Math.min(Math.max(warning, 0), 60) : 5,
    expiryWarningNotification: c.get<boolean>("expiryWarningNotification", true) !== false,
    sshPorts: Array.isArray(sshPorts) ? sshPorts.filter((p): p is number => Number.isInteger(p) && p > 0 && p < 65536) : [22],
    sshUser: String(c.get<string>("sshUser", "") ?? "").trim(),
    manageSshConfig: c.get<boolean>("manageSshConfig", true) !== false,
  };
}
