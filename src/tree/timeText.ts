// Times in tooltips: the user's local time for reading, UTC for comparing with the portal and the activity log.

export type LocalTimeFormat = (ms: number) => string;

export const defaultLocalFormat: LocalTimeFormat = (ms) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "2026-05-01 12:03 UTC" */
export function utcText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "1 May 2026, 14:03 (2026-05-01 12:03 UTC)" */
export function localAndUtcText(ms: number, local: LocalTimeFormat = defaultLocalFormat): string {
  if (!Number.isFinite(ms)) return "?";
  return `${local(ms)} (${utcText(ms)})`;
}
