// Scrubs credentials out of text that came from a server (error bodies, messages) before it reaches a log, an error
// message or the UI. A proxy, a captive portal or a misbehaving custom cloud may echo the request's Authorization
// header back; nothing downstream may ever show it (docs/azure-behaviour.md#tokens-in-answers).
//
// Written as a scan over runs of token characters rather than as regular expressions over the whole text: every
// character is looked at a bounded number of times, so hostile input cannot make it slow (no backtracking).

export const REDACTED = "[redacted]";

/**
 * Characters a bearer token can be made of: RFC 6750's b64token (ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"
 * then "="), plus "%" so a URL-encoded token in a query or form body is caught whole.
 */
function isTokenChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e || // - . _ ~
    code === 0x2b ||
    code === 0x2f ||
    code === 0x3d ||
    code === 0x25 // + / = %
  );
}

/** Keys whose value is a credential in OAuth form bodies, query strings and JSON (RFC 6749 §4, §5.1). */
const SECRET_KEYS = ["access_token", "refresh_token", "id_token", "client_secret", "client_assertion"];

/** `text` with every bearer token, JWT-shaped string and OAuth credential value replaced by "[redacted]". */
export function redact(text: string): string {
  if (text === "") return text;
  const lower = text.toLowerCase();
  // Ranges [start, end) to replace, found in one pass each; merged at the end.
  const ranges: Array<[number, number]> = [];
  const runEnd = (from: number): number => {
    let i = from;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    return i;
  };

  // 1. "Bearer <token>" (RFC 6750 §2.1; the scheme name is case-insensitive, RFC 9110 §11.1).
  for (let at = lower.indexOf("bearer"); at !== -1; at = lower.indexOf("bearer", at + 6)) {
    let i = at + 6;
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
    if (i === at + 6) continue;
    const end = runEnd(i);
    if (end > i) ranges.push([i, end]);
  }

  // 2. `access_token=…`, `"access_token": "…"` and the like: the value after the key.
  for (const key of SECRET_KEYS) {
    for (let at = lower.indexOf(key); at !== -1; at = lower.indexOf(key, at + key.length)) {
      let i = at + key.length;
      if (text[i] === '"' || text[i] === "'") i++;
      while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
      if (text[i] !== "=" && text[i] !== ":") continue;
      i++;
      while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === '"' || text[i] === "'")) i++;
      const end = runEnd(i);
      if (end > i) ranges.push([i, end]);
    }
  }

  // 3. JWT-shaped: a run of token characters holding "eyJ" (base64url of '{"') followed by at least two dots
  //    (header.payload.signature, RFC 7519 §3). The whole run goes: what is glued to a token is not worth keeping.
  let nextJwt = text.indexOf("eyJ");
  for (let i = 0; i < text.length && nextJwt !== -1;) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const end = runEnd(i);
    // One forward-moving search for "eyJ" over the whole text keeps this pass linear.
    if (nextJwt < i) nextJwt = text.indexOf("eyJ", i);
    const jwtAt = nextJwt;
    if (jwtAt !== -1 && jwtAt < end) {
      let dots = 0;
      for (let j = jwtAt + 3; j < end && dots < 2; j++) if (text[j] === ".") dots++;
      if (dots >= 2) ranges.push([i, end]);
    }
    i = end;
  }

  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    if (start >= cursor) {
      out += text.slice(cursor, start) + REDACTED;
    }
    // An overlapping range only extends the one already replaced.
    cursor = end;
  }
  return out + text.slice(cursor);
}
