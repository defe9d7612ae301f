import { quickPickText } from "./inertText";
import { t } from "./l10n";

// The status bar countdown. Pure: the caller passes the (server-corrected) time in.
// Text granularity follows tick granularity, so the label is never stale between ticks: whole minutes while
// more than ten minutes remain (one tick a minute), minutes:seconds in the last ten (one tick a second).
// Rounded up, as countdowns are: "12m" means at most 12 minutes left, and the label changes exactly at the tick.

export const SECOND_TICKS_WITHIN_MS = 10 * 60_000;

/**
 * How long an ended grant stays in the status bar ("web-02 · ended — Re-request") when nothing else is open: long
 * enough to be seen after a meeting or a build, the notification that also says so hides itself within seconds.
 * Half an hour, the same span after which the tree stops saying "ended N min ago" matters less than "closed".
 */
export const ENDED_VISIBLE_MS = 30 * 60_000;

export interface CountdownGrant {
  vmName: string;
  port: number;
  endTimeUtc: number;
  /** Requested, not yet reported Initiated by Azure. */
  opening?: boolean;
  /** Keep open renews it before its end (the label shows a sync icon instead of the shield). */
  keptOpen?: boolean;
}

export interface CountdownView {
  text: string;
  /** The item shows the warning background: some open grant ends within the warning window, or one has ended. */
  warning: boolean;
  /** Nothing is open or opening; the grant shown has ended within ENDED_VISIBLE_MS. */
  ended?: boolean;
}

/** "42m", "2h 05m" above ten minutes; "9:59" within the last ten; "0:00" at or after the end. */
export function remainingText(remainingMs: number): string {
  if (remainingMs <= 0) return "0:00";
  if (remainingMs <= SECOND_TICKS_WITHIN_MS) {
    const totalSeconds = Math.ceil(remainingMs / 1000);
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return `${minutes}:${String(seconds).padStart(2, "0")}`;
  }
  const totalMinutes = Math.ceil(remainingMs / 60_000);
  if (totalMinutes < 60) return t("{0}m", totalMinutes);
  return t("{0}h {1}m", Math.floor(totalMinutes / 60), String(totalMinutes % 60).padStart(2, "0"));
}

/** Open (not opening) grants that have not ended, soonest end first. */
export function openGrants<G extends CountdownGrant>(grants: readonly G[], nowMs: number): G[] {
  return grants.filter((g) => !g.opening && g.endTimeUtc > nowMs).sort((a, b) => a.endTimeUtc - b.endTimeUtc);
}

/** Grants that ended within ENDED_VISIBLE_MS, the latest end first. */
export function recentlyEndedGrants<G extends CountdownGrant>(grants: readonly G[], nowMs: number): G[] {
  return grants
    .filter((g) => !g.opening && g.endTimeUtc <= nowMs && nowMs - g.endTimeUtc < ENDED_VISIBLE_MS)
    .sort((a, b) => b.endTimeUtc - a.endTimeUtc);
}

/**
 * The status bar label: `$(shield) vm-01 · 42m`, `$(shield) 3 open · 12m`, `$(sync) vm-01 · 42m` when keep open renews
 * the soonest grant, a spinner while a request is opening;
 * when nothing is open or opening, `$(history) vm-01 · ended — Re-request` for ENDED_VISIBLE_MS after the end;
 * undefined (hide the item) after that. VM names are Azure text: shown literally, never as an icon.
 */
export function countdownView(
  grants: readonly CountdownGrant[],
  nowMs: number,
  warningMs: number,
): CountdownView | undefined {
  const open = openGrants(grants, nowMs);
  const opening = grants.filter((g) => g.opening);
  if (open.length === 0 && opening.length === 0) {
    const ended = recentlyEndedGrants(grants, nowMs);
    if (ended.length === 0) return undefined;
    const who = ended.length === 1 ? quickPickText(ended[0].vmName) : t("{0} grants", ended.length);
    return { text: `$(history) ${t("{0} · ended — Re-request", who)}`, warning: true, ended: true };
  }
  const icon = opening.length > 0 ? "$(loading~spin)" : open[0]?.keptOpen ? "$(sync)" : "$(shield)";
  if (open.length === 0) {
    const what =
      opening.length === 1 ? t("{0} · opening", quickPickText(opening[0].vmName)) : t("{0} opening", opening.length);
    return { text: `${icon} ${what}`, warning: false };
  }
  const soonest = open[0];
  const remaining = remainingText(soonest.endTimeUtc - nowMs);
  const who = open.length === 1 ? quickPickText(soonest.vmName) : t("{0} open", open.length);
  const warning = warningMs > 0 && soonest.endTimeUtc - nowMs <= warningMs;
  return { text: `${icon} ${who} · ${remaining}`, warning };
}

/**
 * Milliseconds until the next moment anything visible changes: the soonest grant's label (next whole minute, or
 * next whole second in the last ten minutes), any grant entering its warning window, any grant ending.
 * undefined when nothing is open (no timer at all).
 */
export function nextTickDelay(endTimes: readonly number[], nowMs: number, warningMs: number): number | undefined {
  const remaining = endTimes.map((end) => end - nowMs).filter((r) => r > 0);
  if (remaining.length === 0) return endedHiddenDelay(endTimes, nowMs);
  const soonest = Math.min(...remaining);
  const step = soonest > SECOND_TICKS_WITHIN_MS ? 60_000 : 1000;
  let delay = soonest % step || step;
  for (const r of remaining) {
    delay = Math.min(delay, r);
    if (warningMs > 0 && r > warningMs) delay = Math.min(delay, r - warningMs);
  }
  return delay;
}

/** Milliseconds until the last recently ended grant leaves the status bar; undefined when none is shown. */
function endedHiddenDelay(endTimes: readonly number[], nowMs: number): number | undefined {
  const left = endTimes.map((end) => end + ENDED_VISIBLE_MS - nowMs).filter((r) => r > 0 && r <= ENDED_VISIBLE_MS);
  return left.length === 0 ? undefined : Math.min(...left);
}
