import { jitSettings } from "../settings";

// The settings the one-click flows, the countdown and connect read: a view of the one settings reader
// (src/settings.ts, validated in src/core/settings.ts).

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
  const { defaultDuration, justificationTemplate, requireJustification, expiryWarningMinutes, expiryWarningNotification, sshPorts, sshUser, manageSshConfig } =
    jitSettings();
  return { defaultDuration, justificationTemplate, requireJustification, expiryWarningMinutes, expiryWarningNotification, sshPorts, sshUser, manageSshConfig };
}
