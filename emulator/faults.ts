// Injected failures for tests: per path pattern (a case-insensitive regular expression, so a plain
// substring works) and optional method, for `count` calls or until cleared.
export interface FaultSpec {
  path: string;
  method?: string;
  /** Answer with this status and an ARM error body (429 gets Retry-After). */
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** Extra delay before answering (alone: the request then proceeds normally). */
  latencyMs?: number;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /** Answer 200 with a truncated JSON body. */
  malformed?: boolean;
  /** How many matching calls it affects; omitted = until cleared. */
  count?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  pattern: RegExp;
  remaining?: number;
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Returns the stored fault, or a message naming the bad field. */
  add(spec: unknown): Fault | string {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return "The fault must be a JSON object.";
    const s = spec as Record<string, unknown>;
    if (typeof s.path !== "string" || !s.path)
      return "The field 'path' is required: a regular expression matched against the request path.";
    let pattern: RegExp;
    try {
      pattern = new RegExp(s.path, "i");
    } catch {
      return `The field 'path' is not a valid regular expression: ${s.path}`;
    }
    const int = (k: string, min: number, max: number) =>
      s[k] === undefined ||
      (typeof s[k] === "number" && Number.isInteger(s[k]) && (s[k] as number) >= min && (s[k] as number) <= max);
    if (s.method !== undefined && typeof s.method !== "string")
      return "The field 'method' must be a string such as GET.";
    if (!int("status", 200, 599)) return "The field 'status' must be an integer between 200 and 599.";
    if (!int("retryAfterSeconds", 0, 3600))
      return "The field 'retryAfterSeconds' must be an integer between 0 and 3600.";
    if (!int("latencyMs", 0, 600_000)) return "The field 'latencyMs' must be an integer between 0 and 600000.";
    if (!int("count", 1, 1_000_000)) return "The field 'count' must be a positive integer.";
    for (const k of ["code", "message"])
      if (s[k] !== undefined && typeof s[k] !== "string") return `The field '${k}' must be a string.`;
    for (const k of ["reset", "malformed"])
      if (s[k] !== undefined && typeof s[k] !== "boolean") return `The field '${k}' must be true or false.`;
    if (s.status === undefined && !s.reset && !s.malformed && s.latencyMs === undefined)
      return "A fault needs one of 'status', 'reset', 'malformed' or 'latencyMs'.";
    const fault: Fault = {
      ...(s as unknown as FaultSpec),
      id: this.nextId++,
      pattern,
      remaining: s.count as number | undefined,
    };
    if (fault.method) fault.method = fault.method.toUpperCase();
    this.faults.push(fault);
    return fault;
  }

  take(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => (!x.method || x.method === method) && x.pattern.test(path));
    if (!f) return undefined;
    if (f.remaining !== undefined && --f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  list(): Array<FaultSpec & { id: number; remaining?: number }> {
    return this.faults.map(({ pattern: _pattern, ...rest }) => rest);
  }

  clear(): void {
    this.faults = [];
  }
}
