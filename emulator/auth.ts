// Sign-in checks the way Resource Manager makes them in 2026 (docs/azure-behaviour.md#claims-challenges): the MFA
// mandate for writes (and, separately, for JIT initiate), Continuous Access Evaluation revoking the current token,
// a Conditional Access authentication context on one policy. Off by default: any bearer token is accepted, as before.
// Tokens are never verified (no signature); tests mint unsigned JWTs with mintTestToken.
import { createHash, randomUUID } from "node:crypto";
import { reply, type Reply } from "./context.js";
import { armError } from "./wire.js";

export interface AuthKnobs {
  /** PUT and DELETE need a token whose `amr` has "mfa". */
  mfaForWrites: boolean;
  /** POST …/initiate needs it too (whether the real mandate counts initiate as a write is not known). */
  mfaForInitiate: boolean;
  /** Refuse as the Azure Policy variant (403 RequestDisallowedByPolicy "MFA is required") instead of the 401 challenge. */
  policyVariant: boolean;
  /** Writes and initiate on this policy (name, case-insensitive) need `acrs` to contain `id`. */
  authContext?: { policy: string; id: string };
  /**
   * Which tenants each user (the token's `upn`, lower-cased) is a member of: `GET /tenants` lists only those, as
   * ARM lists the signed-in account's tenants. A user not listed sees every tenant (the default, as before).
   */
  accounts?: Record<string, string[]>;
}

export type AuthOptions = Partial<AuthKnobs>;

export interface TokenClaims {
  upn?: string;
  tid?: string;
  amr: string[];
  acrs: string[];
  /** Seconds since the epoch. */
  exp?: number;
  iat?: number;
  /** The token's id: `jti`, `uti`, or a hash of the token when it has none (or is not a JWT). */
  id: string;
}

/** An unsigned JWT with the claims a Microsoft Entra access token carries (tests only). */
export function mintTestToken(
  claims: { upn?: string; tid?: string; amr?: string[]; acrs?: string[]; expSeconds?: number; nowMs?: number } = {},
): string {
  const now = Math.floor((claims.nowMs ?? Date.now()) / 1000);
  const payload = {
    aud: "https://management.core.windows.net/",
    iss: `https://sts.windows.net/${claims.tid ?? "common"}/`,
    iat: now,
    nbf: now,
    exp: now + (claims.expSeconds ?? 3600),
    amr: claims.amr ?? ["pwd"],
    ...(claims.acrs ? { acrs: claims.acrs } : {}),
    ...(claims.tid ? { tid: claims.tid } : {}),
    ...(claims.upn ? { upn: claims.upn } : {}),
    jti: randomUUID(),
  };
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(payload)}.`;
}

export function readToken(token: string): TokenClaims {
  const fallbackId = createHash("sha256").update(token).digest("hex").slice(0, 32);
  const parts = token.split(".");
  if (parts.length !== 3) return { amr: [], acrs: [], id: fallbackId };
  try {
    const c = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
    const upn = [c.upn, c.unique_name, c.preferred_username].find((x): x is string => typeof x === "string");
    const id = [c.jti, c.uti].find((x): x is string => typeof x === "string") ?? fallbackId;
    return {
      ...(upn ? { upn } : {}),
      ...(typeof c.tid === "string" ? { tid: c.tid } : {}),
      amr: strings(c.amr),
      acrs: strings(c.acrs),
      ...(typeof c.exp === "number" ? { exp: c.exp } : {}),
      ...(typeof c.iat === "number" ? { iat: c.iat } : {}),
      id,
    };
  } catch {
    return { amr: [], acrs: [], id: fallbackId };
  }
}

const AUTHORIZATION_URI = "https://login.microsoftonline.com/common/oauth2/authorize";

/** The claims requests (docs/azure-behaviour.md#claims-challenges). The MFA one is an inference. */
export const CLAIMS = {
  mfa: { access_token: { amr: { essential: true, values: ["mfa"] } } },
  authContext: (id: string) => ({ access_token: { acrs: { essential: true, value: id } } }),
  revoked: (nbfSeconds: number) => ({ access_token: { nbf: { essential: true, value: String(nbfSeconds) } } }),
};

/** ARM's 401 claims challenge: the header as the identity platform documents it; the body's words are inferred. */
export function claimsChallenge(claims: unknown, message: string): Reply {
  const b64 = Buffer.from(JSON.stringify(claims), "utf8").toString("base64");
  return reply(401, armError("InvalidAuthenticationToken", message), {
    "WWW-Authenticate": `Bearer realm="", authorization_uri="${AUTHORIZATION_URI}", error="insufficient_claims", claims="${b64}"`,
  });
}

export class AuthChecks {
  knobs: AuthKnobs;
  private readonly revoked = new Set<string>();
  private lastTokenId: string | undefined;
  /** When each revoked token was revoked (seconds), for the `nbf` claims request. */
  private readonly revokedAt = new Map<string, number>();

  constructor(private readonly initial: AuthOptions = {}) {
    this.knobs = AuthChecks.knobsOf(initial);
  }

  private static knobsOf(o: AuthOptions): AuthKnobs {
    return {
      mfaForWrites: o.mfaForWrites === true,
      mfaForInitiate: o.mfaForInitiate === true,
      policyVariant: o.policyVariant === true,
      ...(o.authContext ? { authContext: { ...o.authContext } } : {}),
      ...(o.accounts ? { accounts: { ...o.accounts } } : {}),
    };
  }

  /** The tenants `GET /tenants` lists for this user, or undefined for all of them. */
  tenantsOf(upn: string | undefined): string[] | undefined {
    if (!upn || !this.knobs.accounts) return undefined;
    const own = Object.prototype.hasOwnProperty.call(this.knobs.accounts, upn.toLowerCase());
    return own ? this.knobs.accounts[upn.toLowerCase()] : undefined;
  }

  /** Back to the start options; revocations forgotten. */
  reset(): void {
    this.knobs = AuthChecks.knobsOf(this.initial);
    this.revoked.clear();
    this.revokedAt.clear();
    this.lastTokenId = undefined;
  }

  state(): AuthKnobs & { revoked: number; lastTokenSeen: boolean } {
    return { ...this.knobs, revoked: this.revoked.size, lastTokenSeen: this.lastTokenId !== undefined };
  }

  /** Changes knobs; a message naming the field when one is malformed. */
  update(body: unknown): string | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return "The body must be a JSON object of knobs.";
    const b = body as Record<string, unknown>;
    const next = { ...this.knobs };
    for (const key of ["mfaForWrites", "mfaForInitiate", "policyVariant"] as const) {
      if (b[key] === undefined) continue;
      if (typeof b[key] !== "boolean") return `The field '${key}' must be true or false.`;
      next[key] = b[key];
    }
    if (b.authContext !== undefined) {
      if (b.authContext === null) delete next.authContext;
      else {
        const a = b.authContext as { policy?: unknown; id?: unknown };
        if (
          typeof a !== "object" ||
          typeof a.policy !== "string" ||
          !a.policy ||
          typeof a.id !== "string" ||
          !/^c\d{1,2}$/.test(a.id)
        ) {
          return "The field 'authContext' must be null or { policy: <policy name>, id: 'c1'…'c99' }.";
        }
        next.authContext = { policy: a.policy, id: a.id };
      }
    }
    if (b.accounts !== undefined) {
      if (b.accounts === null) delete next.accounts;
      else {
        const rule = "The field 'accounts' must be null or { <upn>: [<tenant id>, …] }.";
        if (typeof b.accounts !== "object" || Array.isArray(b.accounts)) return rule;
        const accounts: Record<string, string[]> = {};
        for (const [upn, tenants] of Object.entries(b.accounts as Record<string, unknown>)) {
          if (!upn.includes("@") || !Array.isArray(tenants) || !tenants.every((t) => typeof t === "string" && t))
            return rule;
          accounts[upn.toLowerCase()] = (tenants as string[]).map((t) => t.toLowerCase());
        }
        next.accounts = accounts;
      }
    }
    this.knobs = next;
    return undefined;
  }

  /** CAE: the last token seen (or the one with this id) is refused from now on. */
  revoke(id: string | undefined, nowSeconds: number): string | undefined {
    const target = id ?? this.lastTokenId;
    if (!target) return undefined;
    this.revoked.add(target);
    this.revokedAt.set(target, nowSeconds);
    return target;
  }

  /** The refusal for this token and request, or undefined when it may go on. */
  check(token: string, method: string, lowerSegments: string[], nowMs: number): Reply | undefined {
    const claims = readToken(token);
    this.lastTokenId = claims.id;
    if (claims.exp !== undefined && claims.exp * 1000 <= nowMs) {
      return reply(
        401,
        armError("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time."),
        {
          "WWW-Authenticate": `Bearer authorization_uri="${AUTHORIZATION_URI}", error="invalid_token", error_description="The access token has expired."`,
        },
      );
    }
    if (this.revoked.has(claims.id)) {
      return claimsChallenge(
        CLAIMS.revoked(this.revokedAt.get(claims.id) ?? Math.floor(nowMs / 1000)),
        "The access token has been revoked (Continuous Access Evaluation).",
      );
    }
    const write = method === "PUT" || method === "DELETE";
    const initiate = method === "POST" && lowerSegments[lowerSegments.length - 1] === "initiate";
    const context = this.knobs.authContext;
    if (context && (write || initiate)) {
      const i = lowerSegments.indexOf("jitnetworkaccesspolicies");
      if (i >= 0 && lowerSegments[i + 1] === context.policy.toLowerCase() && !claims.acrs.includes(context.id)) {
        return claimsChallenge(
          CLAIMS.authContext(context.id),
          "The access token does not satisfy the Conditional Access authentication context of this resource.",
        );
      }
    }
    const needsMfa = (write && this.knobs.mfaForWrites) || (initiate && this.knobs.mfaForInitiate);
    if (needsMfa && !claims.amr.map((a) => a.toLowerCase()).includes("mfa")) {
      if (this.knobs.policyVariant) {
        return reply(
          403,
          armError("RequestDisallowedByPolicy", "Resource was disallowed by policy. Reasons: MFA is required."),
        );
      }
      return claimsChallenge(
        CLAIMS.mfa,
        "Run the command again with multi-factor authentication: you must enroll in multi-factor authentication. Interactive authentication is needed.",
      );
    }
    return undefined;
  }
}
