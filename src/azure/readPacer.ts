// How many ARM reads go out at once, following ARM's throttling instead of a fixed number: up to MAX_READS_IN_FLIGHT
// together; a subscription (or the tenant) whose `x-ms-ratelimit-remaining-*-reads` runs low waits for its bucket
// to refill; a 429 halves the window for everyone and holds that scope for its Retry-After, and each success widens
// the window again by one (docs/azure-behaviour.md#read-throttling). Shared by every client of the connection pool.

/** ARM refills a read bucket at 25 per second from 250 (docs/azure-behaviour.md#read-throttling). */
export const ARM_READ_REFILL_PER_SECOND = 25;
/** At most this many reads in flight: half of ARM's read bucket, leaving room for the user's other tools. */
export const MAX_READS_IN_FLIGHT = 125;
/** Below this many reads left, the scope's next reads wait for the bucket to refill that far. */
export const LOW_REMAINING_READS = 25;
/** No wait is longer than this in one step (a Retry-After beyond the cap fails elsewhere: retryAfterCapPolicy). */
const MAX_PAUSE_MS = 30_000;

export interface ReadPacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ReadPacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class ReadPacer {
  private window: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly pausedUntil = new Map<string, number>();
  /** 429s seen, for the bench and tests. */
  throttled = 0;

  constructor(
    private readonly max = MAX_READS_IN_FLIGHT,
    private readonly clock: ReadPacerClock = realClock,
  ) {
    this.window = max;
  }

  /** The current window (how many reads may be in flight). */
  get limit(): number {
    return this.window;
  }

  /** Waits for the scope's pause and a place in the window; call the returned function when the read is done. */
  async acquire(scope: string): Promise<() => void> {
    for (;;) {
      const wait = (this.pausedUntil.get(scope) ?? 0) - this.clock.now();
      if (wait > 0) {
        await this.clock.sleep(Math.min(wait, MAX_PAUSE_MS));
        continue;
      }
      if (this.active < this.window) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.wake();
    };
  }

  /** What an answer says about the scope's budget: its status, the remaining-reads header, its Retry-After. */
  observe(scope: string, status: number, remainingReads: number | undefined, retryAfterMs: number | undefined): void {
    const now = this.clock.now();
    if (status === 429) {
      this.throttled++;
      this.window = Math.max(1, Math.floor(this.window / 2));
      this.pause(scope, now + (retryAfterMs ?? 1000));
      return;
    }
    if (remainingReads !== undefined && remainingReads < LOW_REMAINING_READS) {
      this.pause(scope, now + Math.ceil(((LOW_REMAINING_READS - remainingReads) / ARM_READ_REFILL_PER_SECOND) * 1000));
    }
    if (status < 400 && this.window < this.max) {
      this.window++;
      this.wake();
    }
  }

  private pause(scope: string, until: number): void {
    if (until > (this.pausedUntil.get(scope) ?? 0)) this.pausedUntil.set(scope, until);
  }

  /** Lets as many waiting reads re-check as there are free places; one that finds none queues again. */
  private wake(): void {
    for (let free = this.window - this.active; free > 0 && this.waiting.length > 0; free--) this.waiting.shift()!();
  }
}

/** The scope ARM counts a read against: its subscription, or the tenant for tenant-level paths. */
export function readScope(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return "tenant";
  }
  const subscription = /^\/subscriptions\/([^/]+)\/.+/i.exec(path)?.[1];
  return subscription ? `subscription:${subscription.toLowerCase()}` : "tenant";
}
