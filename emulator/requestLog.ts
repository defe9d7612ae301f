// What the emulator was asked, for tests that check how many calls a client made and with what.
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number | "reset";
  /** Virtual-clock time the request arrived, ISO. */
  time: string;
  auth: boolean;
  durationMs: number;
  faultId?: number;
}

const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
