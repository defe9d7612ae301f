// Azure's clock decides when a JIT window ends. The offset between it and the local clock comes from the
// Date header of ARM responses; "time left" everywhere is computed against the corrected time.
// Only an HTTP-date is read (RFC 9110 §5.6.7: IMF-fixdate, and the obsolete rfc850-date and asctime-date a
// recipient must accept), and only within MAX_OFFSET_MS of the local clock: see
// docs/azure-behaviour.md#server-clock-http-dates-only.

/**
 * The largest offset believed: one day. A machine whose clock is a day off has bigger problems than JIT (TLS
 * certificates fail to validate), while a proxy, captive portal or broken server sending a date years away would
 * otherwise move every countdown and endTimeUtc with it — and a year past 275760 makes every date throw.
 */
export const MAX_OFFSET_MS = 24 * 60 * 60 * 1000;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

// The three forms, exactly as RFC 9110 §5.6.7 writes them (case-sensitive, single spaces, "GMT").
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * The instant an HTTP-date names, or undefined for anything else (including a date that does not exist, such as
 * 31 Feb, or a day name that does not match the date). `localNowMs` resolves rfc850-date's two-digit year: RFC 9110
 * says a year more than 50 years in the future is the most recent past year with those digits.
 */
export function parseHttpDate(text: string, localNowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return instant(DAYS.indexOf(m[1]), Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), m[5], m[6], m[7]);
  m = RFC850_DATE.exec(text);
  if (m) {
    const nowYear = new Date(Number.isFinite(localNowMs) ? localNowMs : 0).getUTCFullYear();
    // The year with these last two digits that is at most 50 years ahead and less than 50 years back.
    let year = Math.floor(nowYear / 100) * 100 + Number(m[4]);
    if (year > nowYear + 50) year -= 100;
    else if (year <= nowYear - 50) year += 100;
    return instant(LONG_DAYS.indexOf(m[1]), year, MONTHS.indexOf(m[3]), Number(m[2]), m[5], m[6], m[7]);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) {
    // date3 = month SP ( 2DIGIT / ( SP DIGIT )): "Nov  6" or "Nov 06".
    return instant(DAYS.indexOf(m[1]), Number(m[7]), MONTHS.indexOf(m[2]), Number(m[3].trim()), m[4], m[5], m[6]);
  }
  return undefined;
}

function instant(
  weekday: number,
  year: number,
  month: number,
  day: number,
  hh: string,
  mm: string,
  ss: string,
): number | undefined {
  const [hour, minute, second] = [Number(hh), Number(mm), Number(ss)];
  // RFC 9110: hour 00–23, minute 00–59, second 00–60 (a leap second, read as :59 of that minute).
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const date = new Date(ms);
  // Date.UTC rolls 31 Feb over into March, and maps years 0–99 to 1900–1999: the round trip catches both.
  if (
    !Number.isFinite(ms) ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month ||
    date.getUTCDate() !== day
  )
    return undefined;
  if (date.getUTCDay() !== weekday) return undefined;
  return ms;
}

export class ServerClock {
  private offset = 0;

  /**
   * Records the offset from a response's Date header (whole seconds, so sub-second noise is ignored). Anything
   * but an HTTP-date within MAX_OFFSET_MS of the local clock is ignored and the last good offset kept. Returns
   * whether the header was used.
   */
  observe(dateHeader: string | undefined, localNowMs: number): boolean {
    if (!dateHeader || !Number.isFinite(localNowMs)) return false;
    const server = parseHttpDate(dateHeader, localNowMs);
    if (server === undefined) return false;
    const offset = server - localNowMs;
    if (Math.abs(offset) > MAX_OFFSET_MS) return false;
    // The header has 1 s resolution and the response took time to arrive: offsets under 2 s are noise.
    this.offset = Math.abs(offset) < 2000 ? 0 : offset;
    return true;
  }

  get offsetMs(): number {
    return this.offset;
  }

  now(localNowMs: number): number {
    return localNowMs + this.offset;
  }
}
