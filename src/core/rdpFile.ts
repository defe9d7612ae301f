import { t } from "./l10n";
import { validateHostName, validatePort } from "./sshConfigBlock";

// A .rdp file is line-based `key:type:value`; a newline in a value from Azure would add settings (e.g. a
// remote program), so every value is validated. Never a password: the client prompts for credentials.

export interface RdpTarget {
  host: string;
  port: number;
  username?: string;
}

/**
 * Every character that some reader takes as the end of a line: LF, VT, FF, CR (and the rest of C0), DEL, the C1
 * controls (NEL U+0085 among them), and Unicode's LINE SEPARATOR and PARAGRAPH SEPARATOR (UAX #14 class BK/NL).
 * NUL is in C0: a C reader stops at it.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses.
const LINE_BREAKING = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export function validateRdpUser(user: string): string | undefined {
  // Windows accounts allow more than POSIX names (DOMAIN\user, user@domain); what breaks the file is a line break.
  return !LINE_BREAKING.test(user) && user.length >= 1 && user.length <= 104 && user.trim() === user
    ? undefined
    : t(
        'User name "{0}" cannot be used in an RDP file.',
        JSON.stringify(user.slice(0, 104))
          .slice(1, -1)
          .replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
      );
}

export function rdpFileContent(target: RdpTarget): { ok: true; text: string } | { ok: false; errors: string[] } {
  const errors = [
    validateHostName(target.host),
    validatePort(target.port),
    target.username === undefined ? undefined : validateRdpUser(target.username),
  ].filter((e): e is string => e !== undefined);
  if (errors.length > 0) return { ok: false, errors };
  const lines = [
    `full address:s:${target.host}:${target.port}`,
    ...(target.username ? [`username:s:${target.username}`] : []),
    "prompt for credentials:i:1",
    "administrative session:i:0",
  ];
  return { ok: true, text: lines.map((l) => `${l}\r\n`).join("") };
}
