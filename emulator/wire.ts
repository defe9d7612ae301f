// How the real service writes things on the wire (docs/azure-behaviour.md): .NET round-trip timestamps with up to
// seven fractional digits, ISO-8601 durations, and compact JSON whose key order is fixed by building
// objects in that order (JSON.stringify keeps insertion order).

/** A point in time with .NET tick precision: epoch ms plus 0..9999 extra 100-ns ticks. */
export interface NetTime {
  ms: number;
  ticks: number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i;

export function parseTimestamp(text: string): NetTime | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (Number.isNaN(ms) || +mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 59) return undefined;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    ms -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
  }
  const seven = (frac + "0000000").slice(0, 7);
  ms += Math.floor(+seven / 10_000);
  return { ms, ticks: +seven % 10_000 };
}

/** .NET "o" format in UTC with trailing fractional zeros trimmed, e.g. 2022-11-17T09:44:51.5874583Z. */
export function formatTimestamp(t: NetTime): string {
  const base = new Date(t.ms).toISOString().slice(0, 19);
  const fraction = String((((t.ms % 1000) + 1000) % 1000) * 10_000 + t.ticks)
    .padStart(7, "0")
    .replace(/0+$/, "");
  return fraction ? `${base}.${fraction}Z` : `${base}Z`;
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO-8601 duration in ms (days, hours, minutes, seconds only — what JIT uses), or undefined. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text.toUpperCase() === "P" || text.toUpperCase().endsWith("T")) return undefined;
  const [, d = "0", h = "0", mi = "0", s = "0"] = m;
  if (!m[1] && !m[2] && !m[3] && !m[4]) return undefined;
  return Math.round(((+d * 24 + +h) * 60 + +mi) * 60_000 + +s * 1000);
}

/** .NET HTTP date as ARM sends it, from the emulator's virtual clock. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** yyyyMMddTHHmmssZ, the timestamp inside x-ms-routing-request-id. */
export function routingStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function compact(value: unknown): string {
  return JSON.stringify(value);
}

export function armError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
