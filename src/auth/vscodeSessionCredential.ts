// A TokenCredential over VS Code's Microsoft account. VS Code refreshes sessions behind getSession and a session
// carries no expiry (docs/azure-behaviour.md#vscode-sessions-carry-no-expiry), so every getToken asks VS Code again — silently, never prompting — and
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

/**
 * How long a silent getSession may take. VS Code waits for a provider that has not registered yet, and the
 * microsoft-sovereign-cloud provider never registers when its custom environment setting is invalid (VS Code shows
 * its own error): without a bound the view would spin for ever. A healthy silent lookup answers in milliseconds.
 */
export const SILENT_SESSION_TIMEOUT_MS = 15_000;

/** The provider did not answer a silent lookup in time: a settings or provider problem, not a missing sign-in. */
export class SignInUnavailableError extends Error {
  constructor(readonly providerId: string) {
    super(
      t(
        "VS Code's Microsoft sign-in ({0}) did not answer. Check the microsoft-sovereign-cloud settings (VS Code reports a problem with them in a notification), or use the Azure CLI's sign-in (azureJit.authentication).",
        providerId,
      ),
    );
    this.name = "SignInUnavailableError";
  }
}

/** A silent getSession bounded by SILENT_SESSION_TIMEOUT_MS (rejects with SignInUnavailableError). */
export function silentSession(
  auth: Pick<typeof vscode.authentication, "getSession">,
  providerId: string,
  scopes: string[],
  timeoutMs = SILENT_SESSION_TIMEOUT_MS,
): Promise<vscode.AuthenticationSession | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SignInUnavailableError(providerId)), timeoutMs);
  });
  return Promise.race([Promise.resolve(auth.getSession(providerId, scopes, { silent: true })), timeout]).finally(() => clearTimeout(timer));
}

export class VsCodeSessionCredential implements TokenCredential {
  constructor(
    private readonly providerId: string,
    private readonly tenantId: string | undefined,
    private readonly auth: Pick<typeof vscode.authentication, "getSession">,
    private readonly now: () => number = Date.now,
    /** Told the session's account label on every token (who "me" is, src/auth/signedInAs.ts). */
    private readonly onAccount?: (label: string) => void,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const list = Array.isArray(scopes) ? [...scopes] : [scopes];
    const tenant = options?.tenantId ?? this.tenantId;
    if (tenant) list.push(`VSCODE_TENANT:${tenant}`);
    const session = await silentSession(this.auth, this.providerId, list);
    if (!session) {
      throw new NotSignedInError(
        tenant
          ? t("Not signed in to Azure for directory {0}. Use \"Sign in to Azure…\".", tenant)
          : t("Not signed in to Azure. Use \"Sign in to Azure…\"."),
      );
    }
    this.onAccount?.(session.account.label);
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
