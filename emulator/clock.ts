// A virtual clock: real time plus whatever tests advanced it by. Every state transition in the emulator
// (Initiating → Initiated → Revoked, Updating → Succeeded, NSG allow-rule expiry) reads this, so a test
// can jump hours ahead without waiting.
export class VirtualClock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  reset(): void {
    this.offset = 0;
  }
}
