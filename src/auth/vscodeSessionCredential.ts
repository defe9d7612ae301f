// A TokenCredential over VS Code's Microsoft account. VS Code refreshes sessions behind getSession and a session
// carries no expiry (azure-sdk-notes §4a), so every getToken asks VS Code again — silently, never prompting — and
// nothing here keeps a token. The expiry we report is what lets the SDK's bearer policy reuse a token briefly: the
// token's own `exp`, capped at five minutes, so no token is ever used past its life.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type * as vscode from "vscode";
import { t } from "../core/l10n";

/** Named like @azure/identity's error so src/azure classifies it as "not signed in". */
export class NotSignedInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialUnavailableError";
  }
}

const MAX_REUSE_MS = 5 * 60_000;

export class VsCodeSessionCredential implements TokenCredential {
  constructor(
    private readonly providerId: string,
    private readonly tenantId: string | undefined,
    private readonly auth: Pick<typeof vscode.authentication, "getSession">,
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const list = Array.isArray(scopes) ? [...scopes] : [scopes];
    const tenant = options?.tenantId ?? this.tenantId;
    if (tenant) list.push(`VSCODE_TENANT:${tenant}`);
    const session = await this.auth.getSession(this.providerId, list, { silent: true });
    if (!session) {
      throw new NotSignedInError(
        tenant
          ? t("Not signed in to Azure for directory {0}. Use \"Sign in to Azure…\".", tenant)
          : t("Not signed in to Azure. Use \"Sign in to Azure…\"."),
      );
    }
    return { token: session.accessToken, expiresOnTimestamp: reuseUntil(session.accessToken, this.now()), tokenType: "Bearer" };
  }
}

/** min(token exp, now + 5 min); now + 1 min when the token is not a readable JWT. */
export function reuseUntil(accessToken: string, now: number): number {
  const exp = jwtExpiry(accessToken);
  if (exp === undefined) return now + 60_000;
  return Math.min(exp, now + MAX_REUSE_MS);
}

function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
