// The WWW-Authenticate grammar of RFC 9110 §11.6.1 / §11.3 (challenge, auth-param, token68, quoted-string), as
// claims challenges use it (docs/azure-behaviour.md#claims-challenges). Untrusted input from Azure or whatever
// stands in between: nothing throws, sizes are bounded.

export interface AuthChallenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  scheme: string;
  /** auth-param names lower-cased (they are case-insensitive), values unquoted. The first of a repeated name wins. */
  params: Record<string, string>;
  token68?: string;
}

export type ParseResult = { ok: true; challenges: AuthChallenge[] } | { ok: false; error: string };

/** A header longer than this is refused unread: real challenges are a few hundred characters. */
export const MAX_HEADER_LENGTH = 16 * 1024;

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;

/** Parses a WWW-Authenticate field value (several field lines may be joined with ", ", RFC 9110 §5.3). */
export function parseWwwAuthenticate(header: string): ParseResult {
  if (typeof header !== "string") return { ok: false, error: "WWW-Authenticate: not a string" };
  if (header.length > MAX_HEADER_LENGTH)
    return { ok: false, error: `WWW-Authenticate: longer than ${MAX_HEADER_LENGTH} characters` };
  const s = header;
  let i = 0;
  const challenges: AuthChallenge[] = [];
  const fail = (rule: string): ParseResult => ({ ok: false, error: `WWW-Authenticate: ${rule} at character ${i + 1}` });
  const isOws = (c: string | undefined) => c === " " || c === "\t";
  const skipOws = () => {
    while (isOws(s[i])) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  /** Skips OWS and empty list elements (RFC 9110 §5.6.1: recipients accept `, ,`). Returns false at the end. */
  const skipSeparators = (): boolean => {
    for (;;) {
      skipOws();
      if (s[i] === ",") i++;
      else return i < s.length;
    }
  };
  const readQuoted = (): string | undefined => {
    // s[i] is DQUOTE
    i++;
    let out = "";
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const next = s[i + 1];
        if (next === undefined || !isQuotedPairChar(next)) return undefined;
        out += next;
        i += 2;
        continue;
      }
      if (!isQdtext(c)) return undefined;
      out += c;
      i++;
    }
    return undefined;
  };
  /** After an element: OWS then a comma or the end. */
  const atElementEnd = (): boolean => {
    skipOws();
    return i >= s.length || s[i] === ",";
  };

  if (!skipSeparators()) return fail("no challenge");
  while (i < s.length) {
    const scheme = readToken();
    if (!scheme) return fail("expected an auth-scheme (token)");
    const challenge: AuthChallenge = { scheme, params: {} };
    challenges.push(challenge);
    if (atElementEnd()) {
      if (!skipSeparators()) break;
      // Fall through to the parameter loop: the next element may be this challenge's first auth-param.
    } else if (!isOws(s[i - 1])) {
      return fail("expected a space after the auth-scheme");
    } else {
      // token68 or the first auth-param
      const start = i;
      const name = readToken();
      const afterName = i;
      skipOws();
      let isParam = false;
      if (name && s[i] === "=") {
        i++;
        skipOws();
        isParam = s[i] === '"' || (s[i] !== undefined && TCHAR.test(s[i]!) && s[i] !== "=");
      }
      if (!isParam) {
        i = start;
        while (i < s.length && TOKEN68_CHAR.test(s[i]!)) i++;
        if (i === start) return fail("expected a token68 or an auth-param");
        while (s[i] === "=") i++;
        challenge.token68 = s.slice(start, i);
        if (!atElementEnd()) return fail("unexpected text after a token68");
        if (!skipSeparators()) break;
        continue; // a token68 stands alone: the next element is a new challenge
      }
      i = afterName;
      const value = readParamValue();
      if (value === undefined) return fail(`invalid value for auth-param "${name}"`);
      setParam(challenge, name, value);
      if (!atElementEnd()) return fail("expected a comma between auth-params");
      if (!skipSeparators()) break;
    }
    // Further auth-params of this challenge: `token BWS "="`; anything else starts the next challenge.
    for (;;) {
      const start = i;
      const name = readToken();
      skipOws();
      if (!name || s[i] !== "=") {
        i = start;
        break;
      }
      i = start + name.length;
      const value = readParamValue();
      if (value === undefined) return fail(`invalid value for auth-param "${name}"`);
      setParam(challenge, name, value);
      if (!atElementEnd()) return fail("expected a comma between auth-params");
      if (!skipSeparators()) break;
    }
  }
  return { ok: true, challenges };

  function readParamValue(): string | undefined {
    skipOws();
    if (s[i] !== "=") return undefined;
    i++;
    skipOws();
    if (s[i] === '"') return readQuoted();
    const v = readToken();
    return v || undefined;
  }
}

function setParam(challenge: AuthChallenge, name: string, value: string): void {
  const key = name.toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(challenge.params, key)) {
    Object.defineProperty(challenge.params, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function isQdtext(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    c === "\t" ||
    c === " " ||
    code === 0x21 ||
    (code >= 0x23 && code <= 0x5b) ||
    (code >= 0x5d && code <= 0x7e) ||
    (code >= 0x80 && code <= 0xff)
  );
}

function isQuotedPairChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return c === "\t" || c === " " || (code >= 0x21 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

/** Serializes challenges (token form where the value is a token, else a quoted-string). For tests and re-sending. */
export function formatWwwAuthenticate(challenges: AuthChallenge[]): string {
  return challenges
    .map((c) => {
      if (c.token68 !== undefined) return `${c.scheme} ${c.token68}`;
      const params = Object.entries(c.params).map(([k, v]) => `${k}=${quoteIfNeeded(v)}`);
      return params.length ? `${c.scheme} ${params.join(", ")}` : c.scheme;
    })
    .join(", ");
}

function quoteIfNeeded(value: string): string {
  if (value !== "" && [...value].every((c) => TCHAR.test(c))) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
