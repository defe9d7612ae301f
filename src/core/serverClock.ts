// Azure's clock decides when a JIT window ends. The offset between it and the local clock comes from the
// Date header of ARM responses; "time left" everywhere is computed against the corrected time.

export class ServerClock {
  private offset = 0;

  /** Records the offset from a response's Date header (whole seconds, so sub-second noise is ignored). */
  observe(dateHeader: string | undefined, localNowMs: number): void {
    // Date.parse reads "1" or "2026" as a date: demand a time of day, as every HTTP-date form has. A NaN would
    // poison every later now().
    if (!dateHeader || !/\d{2}:\d{2}:\d{2}/.test(dateHeader) || !Number.isFinite(localNowMs)) return;
    const server = Date.parse(dateHeader);
    if (!Number.isFinite(server)) return;
    const offset = server - localNowMs;
    // The header has 1 s resolution and the response took time to arrive: offsets under 2 s are noise.
    this.offset = Math.abs(offset) < 2000 ? 0 : offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  now(localNowMs: number): number {
    return localNowMs + this.offset;
  }
}
