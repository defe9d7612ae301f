import { t } from "./l10n";

// Which expiry notifications are due now. Pure: the caller passes the server-corrected time and what was already
// shown (kept with each remembered grant, so a window reload does not repeat a notice).

/** An "ended" notice is only worth showing shortly after the end (not for a grant that ended while VS Code was closed). */
export const ENDED_NOTICE_WINDOW_MS = 10 * 60_000;

export interface NoticeGrant {
  key: string;
  label: string;
  startTimeUtc?: number;
  endTimeUtc: number;
  warned?: boolean;
  endedNotified?: boolean;
}

export type NoticeKind = "warning" | "ended";

/** One notification; grants due for the same event in the same tick share one (guidelines: no notification storms). */
export interface DueNotice {
  kind: NoticeKind;
  keys: string[];
  message: string;
}

export interface NoticeOptions {
  /** azureJit.expiryWarningMinutes in ms; 0 turns warnings off. */
  warningMs: number;
  /**
   * azureJit.expiryWarningNotification (default true); the warning's "Don't Show Again" sets it to false. The
   * "has ended" notice is not affected: it is how one click renews an ended grant.
   */
  warningNotification?: boolean;
}

export function dueNotices(grants: readonly NoticeGrant[], nowMs: number, options: NoticeOptions): DueNotice[] {
  const warnings: NoticeGrant[] = [];
  const ended: NoticeGrant[] = [];
  for (const g of grants) {
    const remaining = g.endTimeUtc - nowMs;
    if (remaining <= 0) {
      if (!g.endedNotified && -remaining <= ENDED_NOTICE_WINDOW_MS) ended.push(g);
      continue;
    }
    if (g.warned || options.warningNotification === false || options.warningMs <= 0 || remaining > options.warningMs)
      continue;
    // A grant requested for no longer than the warning window would warn the moment it opens: skip it.
    if (g.startTimeUtc !== undefined && g.endTimeUtc - g.startTimeUtc <= options.warningMs) continue;
    warnings.push(g);
  }
  const notices: DueNotice[] = [];
  if (warnings.length > 0) {
    warnings.sort((a, b) => a.endTimeUtc - b.endTimeUtc);
    // Rounded like the countdown's text: 3 min and a fraction of a second left reads "3 min", not "4 min".
    const minutes = Math.max(1, Math.round((warnings[0].endTimeUtc - nowMs) / 60_000));
    notices.push({
      kind: "warning",
      keys: warnings.map((g) => g.key),
      message: warningMessage(
        warnings.map((g) => g.label),
        minutes,
      ),
    });
  }
  if (ended.length > 0) {
    notices.push({ kind: "ended", keys: ended.map((g) => g.key), message: endedMessage(ended.map((g) => g.label)) });
  }
  return notices;
}

export function warningMessage(labels: readonly string[], minutes: number): string {
  return labels.length === 1
    ? t("Access to {0} ends in {1} min", labels[0], minutes)
    : t("Access to {0} and {1} more ends in {2} min", labels[0], labels.length - 1, minutes);
}

/** What the wire does at the end (docs/azure-behaviour.md#established-connections-outlive-the-window). */
export function endedMessage(labels: readonly string[]): string {
  return labels.length === 1
    ? t("Access to {0} has ended: established connections stay open, new connections are refused.", labels[0])
    : t(
        "Access to {0} and {1} more has ended: established connections stay open, new connections are refused.",
        labels[0],
        labels.length - 1,
      );
}
