// Azure's clock decides when a JIT window ends. The offset between it and the local clock comes from the
// Date header of ARM responses; "time left" everywhere is computed against the corrected time.

export class ServerClock {
  private offset = 0;

  /** Records the offset from a response's Date header (whole seconds, so sub-second noise is ignored). */
  observe(dateHeader: string | undefined, localNowMs: number): void {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (Number.isNaN(server)) return;
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
