import { t } from "./l10n";
import { validateHostName, validatePort } from "./sshConfigBlock";

// A .rdp file is line-based `key:type:value`; a newline in a value from Azure would add settings (e.g. a
// remote program), so every value is validated. Never a password: the client prompts for credentials.

export interface RdpTarget {
  host: string;
  port: number;
  username?: string;
}

export function validateRdpUser(user: string): string | undefined {
  // Windows accounts allow more than POSIX names (DOMAIN\user, user@domain); what breaks the file is a line break.
  const hasControl = [...user].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return !hasControl && user.length >= 1 && user.length <= 104 && user.trim() === user
    ? undefined
    : t("User name \"{0}\" cannot be used in an RDP file.", JSON.stringify(user).slice(1, -1));
}

export function rdpFileContent(target: RdpTarget): { ok: true; text: string } | { ok: false; errors: string[] } {
  const errors = [validateHostName(target.host), validatePort(target.port), target.username === undefined ? undefined : validateRdpUser(target.username)]
    .filter((e): e is string => e !== undefined);
  if (errors.length > 0) return { ok: false, errors };
  const lines = [
    `full address:s:${target.host}:${target.port}`,
    ...(target.username ? [`username:s:${target.username}`] : []),
    "prompt for credentials:i:1",
    "administrative session:i:0",
  ];
  return { ok: true, text: lines.map((l) => `${l}\r\n`).join("") };
}
