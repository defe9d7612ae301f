// ISO-8601 durations as JIT policies use them (maxRequestAccessDuration): days, hours, minutes, seconds.
// Years, months and weeks are refused: their length is not fixed, and the service range is 5 min – 1 day
// (docs/azure-behaviour.md#policy-maxima-one-day). The grammar is XML Schema's dayTimeDuration (what the service's
// .NET parser reads): `P[nD][T[nH][nM][n[.f]S]]`, a "." decimal sign on the last unit only, at least one unit.
import { t } from "./l10n";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const MIN_ACCESS_MS = 5 * MINUTE_MS;
export const MAX_ACCESS_MS = DAY_MS;

const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

export function parseIsoDuration(text: string): DurationResult {
  const value = text.trim().toUpperCase();
  const m = ISO.exec(value);
  // "P" alone, "PT" alone and a trailing "T" match the pattern but name no amount.
  if (!m || value === "P" || value.endsWith("T") || m.slice(1).every((g) => g === undefined)) {
    const error = t('"{0}" is not an ISO-8601 duration; write it like PT30M, PT3H, PT1H30M or P1D.', text);
    const suggestion = suggestIso(text);
    return { ok: false, error: suggestion ? `${error} ${t("Did you mean {0}?", suggestion)}` : error };
  }
  // ISO 8601 allows a decimal fraction only on the smallest unit written: PT1.5H30M names no single length.
  const given = m.slice(1).filter((g) => g !== undefined);
  if (given.slice(0, -1).some((g) => g.includes("."))) {
    return {
      ok: false,
      error: t('"{0}" is not an ISO-8601 duration; only its last unit may have a decimal fraction.', text),
    };
  }
  const [days, hours, minutes, seconds] = m.slice(1).map((g) => (g === undefined ? 0 : Number(g)));
  const ms = Math.round(days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000);
  // "P999…9D" reads as Infinity (or as a number past exact integers): no duration, not "the longest one".
  if (!Number.isSafeInteger(ms)) {
    return { ok: false, error: t('"{0}" is not a usable duration: its number is too large.', printable(text)) };
  }
  if (ms <= 0) return { ok: false, error: t('Duration "{0}" must be longer than zero.', text) };
  return { ok: true, ms };
}

// What people type instead: "3h", "3 h", "90 min", "1d", "1h30m". Only whole amounts, so the guess is never a stretch.
// Blank runs are collapsed to one space first: `\s*` next to `\s*` backtracks polynomially on a long run of blanks.
const HUMAN = /^(?:(\d+) ?d(?:ays?)?)? ?(?:(\d+) ?h(?:ours?|rs?)?)? ?(?:(\d+) ?m(?:in(?:utes?|s)?)?)?$/i;

function suggestIso(text: string): string | undefined {
  const m = HUMAN.exec(text.trim().replace(/\s+/g, " "));
  if (!m || m.slice(1).every((g) => g === undefined)) return undefined;
  const [days, hours, minutes] = m.slice(1).map((g) => (g === undefined ? 0 : Number(g)));
  const ms = days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS;
  return ms > 0 && Number.isSafeInteger(ms) ? formatIsoDuration(ms) : undefined;
}

/** Formats whole minutes the way the portal and PowerShell write them: PT5M, PT3H, PT1H30M, P1D. */
export function formatIsoDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  let time = "";
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (seconds) time += `${seconds}S`;
  if (!days && !time) return "PT0S";
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** Short human text: "45 min", "3 h", "1 h 30 min", "1 d". Rounds to whole minutes (seconds under a minute shown as "< 1 min"). */
export function humanDuration(ms: number): string {
  const totalMinutes = Math.round(Math.max(0, ms) / MINUTE_MS);
  if (totalMinutes === 0) return ms > 0 ? t("< 1 min") : t("0 min");
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t("{0} d", days));
  if (hours) parts.push(t("{0} h", hours));
  if (minutes) parts.push(t("{0} min", minutes));
  return parts.join(" ");
}

/** Checks a policy's maxRequestAccessDuration: a valid duration from 5 minutes to 1 day. */
export function validatePolicyDuration(text: string): string | undefined {
  const parsed = parseIsoDuration(text);
  if (!parsed.ok) return parsed.error;
  return validateAccessMs(parsed.ms);
}

export function validateAccessMs(ms: number): string | undefined {
  // Rounded to minutes, 4 min 59 s would read "Duration 5 min is under the minimum of 5 minutes": show the seconds.
  if (ms < MIN_ACCESS_MS)
    return t("Duration {0} is under the minimum of 5 minutes.", exactDuration(Math.floor(ms / 1000)));
  if (ms > MAX_ACCESS_MS) return t("Duration {0} is over the maximum of 1 day.", exactDuration(Math.ceil(ms / 1000)));
  return undefined;
}

function exactDuration(totalSeconds: number): string {
  const seconds = totalSeconds % 60;
  if (seconds === 0 || totalSeconds < 0) return humanDuration(totalSeconds * 1000);
  const minutes = humanDuration((totalSeconds - seconds) * 1000);
  const secondsText = t("{0} s", seconds);
  return totalSeconds < 60 ? secondsText : `${minutes} ${secondsText}`;
}

/** Text from outside in a message: control characters and line breaks shown escaped, long text cut. */
function printable(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text).slice(1, -1);
}
