// When to GET which JIT policy again. Pure: the caller passes its clock readings in and owns the timer.
// Right after a change the service needs a few seconds to turn "Initiating" into "Initiated" (docs/azure-behaviour.md#initiating-becomes-initiated-within-seconds:
// ≤ 4 s in 2018, ≤ 8 s in 2023), so a watched policy is re-read quickly with a doubling delay; once it has settled,
// a policy with an open port is re-read only every refresh interval, and nothing is read when nothing is open.

/** Delays after a change: about 2, 4, 8, 16 s, then 30 s, 30 s — two minutes in all before giving up fast polling. */
export const FAST_POLL_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000, 30_000, 30_000];

export const DEFAULT_REFRESH_INTERVAL_SECONDS = 60;
/** Below this the service's read budget (750 per subscription window, docs/azure-behaviour.md#read-budget-750-per-subscription) is wasted on one view. */
export const MIN_REFRESH_INTERVAL_SECONDS = 15;
export const MAX_REFRESH_INTERVAL_SECONDS = 3_600;

/** Delay before fast poll number `attempt` (0-based), or undefined when fast polling is over. */
export function fastPollDelay(attempt: number): number | undefined {
  if (!Number.isInteger(attempt) || attempt < 0) return undefined;
  return FAST_POLL_DELAYS_MS[attempt];
}

/** The setting `azureJit.refreshIntervalSeconds`, clamped to a sane range, in ms. Bad values fall back to 60 s. */
export function refreshIntervalMs(setting: unknown): number {
  const seconds = typeof setting === "number" && Number.isFinite(setting) ? setting : DEFAULT_REFRESH_INTERVAL_SECONDS;
  return Math.round(Math.min(MAX_REFRESH_INTERVAL_SECONDS, Math.max(MIN_REFRESH_INTERVAL_SECONDS, seconds)) * 1000);
}

export interface PollWatch {
  key: string;
  /** Local time of the next fast poll. */
  nextAt: number;
}

export interface PollState {
  /** Local clock now. */
  now: number;
  intervalMs: number;
  /** Someone looks: the view is visible, or the status bar keeps a countdown alive. */
  wantsPeriodic: boolean;
  /** Policies with an opening or open port, and when each was last read (local ms). */
  active: ReadonlyArray<{ key: string; lastReadAt: number }>;
  /** Policies being fast-polled after a change. They poll whether or not the view is visible. */
  watches: readonly PollWatch[];
}

export interface PollPlan {
  /** Policies to GET now (each once). */
  due: string[];
  /** Local time to plan again; undefined = nothing to wait for, stop the timer. */
  nextAt?: number;
}

export function planPolls(state: PollState): PollPlan {
  const due = new Set<string>();
  let nextAt: number | undefined;
  const consider = (key: string, at: number): void => {
    if (at <= state.now) due.add(key);
    else nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
  };
  const watched = new Set(state.watches.map((w) => w.key));
  for (const watch of state.watches) consider(watch.key, watch.nextAt);
  if (state.wantsPeriodic) {
    for (const { key, lastReadAt } of state.active) {
      if (!watched.has(key)) consider(key, lastReadAt + state.intervalMs);
    }
  }
  const plan: PollPlan = { due: [...due] };
  if (nextAt !== undefined) plan.nextAt = nextAt;
  return plan;
}

/**
 * After fast poll number `attempt` (0-based) answered: the next watch time, or undefined to stop watching —
 * because the policy settled (nothing opening, provisioning done) or the fast schedule is used up.
 */
export function nextWatchAt(attempt: number, settled: boolean, now: number): number | undefined {
  if (settled) return undefined;
  const delay = fastPollDelay(attempt + 1);
  return delay === undefined ? undefined : now + delay;
}

/** A policy has settled when no port is opening and ARM is not still applying a PUT. */
export function isSettled(openingPorts: number, provisioningState: string | undefined): boolean {
  const busy = provisioningState !== undefined && /^(updating|creating|deleting|accepted)$/i.test(provisioningState);
  return openingPorts === 0 && !busy;
}

/**
 * When the tree should re-render its countdowns (no network): when the soonest "N min left" text changes, so
 * "41 min left" turns into "40 min left" on time and a port flips to "ended" at its end; at most a minute.
 * humanDuration rounds to the nearest minute, so the text changes at every half minute mark of the remaining time.
 */
export function nextRenderDelay(remainingMs: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const remaining of remainingMs) {
    if (!(remaining > 0)) continue;
    const toNextChange = (((remaining - 30_000) % 60_000) + 60_000) % 60_000 || 60_000;
    const delay = Math.min(remaining, toNextChange) + 250;
    best = best === undefined ? delay : Math.min(best, delay);
  }
  return best === undefined ? undefined : Math.min(best, 60_000);
}

/**
 * The same for "ended 12 min ago" texts, which grow instead: the next time one of them changes (every whole
 * minute plus 30 s since the end, humanDuration's rounding), at most a minute.
 */
export function nextEndedRenderDelay(endedAgoMs: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const ago of endedAgoMs) {
    if (!(ago >= 0)) continue;
    const toNextChange = (((30_000 - ago) % 60_000) + 60_000) % 60_000 || 60_000;
    const delay = toNextChange + 250;
    best = best === undefined ? delay : Math.min(best, delay);
  }
  return best === undefined ? undefined : Math.min(best, 60_000);
}
