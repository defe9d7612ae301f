// Who the signed-in user is, only to tell their own JIT requests from other people's (src/core/accessState.ts):
// in VS Code account mode the session's account label, in Azure CLI mode the access token's upn / unique_name /
// preferred_username claim. The token is decoded without verification: the name only picks what to show and
// whether Connect must request access, it grants nothing (Azure decides that on every call). The same goes for its
// tenant (homeToken.ts): it only picks which token to send.

/** An access token's claims, decoded without verification; undefined for a token that is not a JWT. */
function tokenClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
}

/** The user name an access token names (upn, else unique_name, else preferred_username); undefined for anything else. */
export function requestorFromToken(token: string): string | undefined {
  const c = tokenClaims(token);
  for (const name of ["upn", "unique_name", "preferred_username"]) {
    const value = c?.[name];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** The directory an access token is for (its `tid` claim, a GUID), lower-cased; undefined for anything else. */
export function tenantFromToken(token: string): string | undefined {
  const tid = tokenClaims(token)?.tid;
  return typeof tid === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tid)
    ? tid.toLowerCase()
    : undefined;
}

/** The last identity seen on a token or session; forgotten when the accounts start over. */
export class SignedInAs {
  private name: string | undefined;

  get(): string | undefined {
    return this.name;
  }

  /** A session's account label or a token's claim; empty text is ignored. */
  note(name: string | undefined): void {
    if (name !== undefined && name.trim() !== "") this.name = name.trim();
  }

  noteToken(token: string): void {
    this.note(requestorFromToken(token));
  }

  forget(): void {
    this.name = undefined;
  }
}
