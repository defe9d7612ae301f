// Waiting in integration tests for something the code under test does on its own timers: the value once `check`
// gives one, or a failure that names what never came. Always bounded.
import { setTimeout as sleep } from "node:timers/promises";

export async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  ms = 20_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
