// A TokenCredential over VS Code's Microsoft account. VS Code refreshes sessions behind getSession and a session
// carries no expiry (docs/azure-behaviour.md#vscode-sessions-carry-no-expiry), so every getToken asks VS Code again — silently, never prompting — and
// nothing here keeps a token. The expiry we report is what lets the SDK's bearer policy reuse a token briefly: the
// token's own `exp`, capped at five minutes, so no token is ever used past its life.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type * as vscode from "vscode";
import { challengeFromClaims, type ClaimsChallenge } from "../core/claimsChallenge";
import { t } from "../core/l10n";
import { ClaimsChallengeError } from "./claimsError";

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
  scopes: string[] | vscode.AuthenticationWwwAuthenticateRequest,
  timeoutMs = SILENT_SESSION_TIMEOUT_MS,
): Promise<vscode.AuthenticationSession | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SignInUnavailableError(providerId)), timeoutMs);
  });
  return Promise.race([Promise.resolve(auth.getSession(providerId, scopes, { silent: true })), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Per directory: the claims challenge last answered (its claims, never a token: later tokens are asked for with it,
 * silently) and the one refused without the user (what "Sign in again" answers). Outlives the credentials, which
 * are rebuilt when VS Code's sessions change, so an answer is not forgotten by the very sign-in that gave it.
 */
export class ChallengeMemory {
  private readonly answered = new Map<string, ClaimsChallenge>();
  private readonly refused = new Map<string, ClaimsChallenge>();

  /** `onNewRefusal` hears of a directory's first refused challenge (not of the repeats a poll brings). */
  constructor(private readonly onNewRefusal?: (tenantKey: string) => void) {}

  answeredFor(tenantId: string | undefined): ClaimsChallenge | undefined {
    return this.answered.get(key(tenantId));
  }
  refusedFor(tenantId: string | undefined): ClaimsChallenge | undefined {
    return this.refused.get(key(tenantId));
  }
  /** Directories with a refused challenge (tenant id, "" for the home directory). */
  refusedTenants(): string[] {
    return [...this.refused.keys()];
  }
  noteAnswered(tenantId: string | undefined, challenge: ClaimsChallenge): void {
    this.answered.set(key(tenantId), challenge);
    this.refused.delete(key(tenantId));
  }
  noteRefused(tenantId: string | undefined, challenge: ClaimsChallenge): void {
    const first = !this.refused.has(key(tenantId));
    this.refused.set(key(tenantId), challenge);
    if (first) this.onNewRefusal?.(key(tenantId));
  }
  clear(): void {
    this.answered.clear();
    this.refused.clear();
  }
}

const key = (tenantId: string | undefined) => tenantId?.toLowerCase() ?? "";

export class VsCodeSessionCredential implements TokenCredential {
  constructor(
    private readonly providerId: string,
    private readonly tenantId: string | undefined,
    private readonly auth: Pick<typeof vscode.authentication, "getSession">,
    private readonly now: () => number = Date.now,
    /** Told the session's account label on every token (who "me" is, src/auth/signedInAs.ts). */
    private readonly onAccount?: (label: string) => void,
    private readonly challenges: ChallengeMemory = new ChallengeMemory(),
    /** The chosen account when VS Code holds several (src/auth/accountChoice.ts). */
    private readonly account?: () => vscode.AuthenticationSessionAccountInformation | undefined,
  ) {}

  private scopeList(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): { list: string[]; tenant: string | undefined } {
    const list = Array.isArray(scopes) ? [...scopes] : [scopes];
    const tenant = options?.tenantId ?? this.tenantId;
    if (tenant) list.push(`VSCODE_TENANT:${tenant}`);
    return { list, tenant };
  }

  private challengeRequest(challenge: ClaimsChallenge, list: string[]): vscode.AuthenticationWwwAuthenticateRequest {
    return { wwwAuthenticate: challenge.wwwAuthenticate, fallbackScopes: list };
  }

  private token(session: vscode.AuthenticationSession): AccessToken {
    this.onAccount?.(session.account.label);
    return {
      token: session.accessToken,
      expiresOnTimestamp: reuseUntil(session.accessToken, this.now()),
      tokenType: "Bearer",
    };
  }

  /**
   * The token for a refused call that changes something (claimsPolicy.ts): silently when this challenge was
   * answered before, else after `confirm` (the prompt that says why) through VS Code's challenge sign-in.
   * undefined when the user declined.
   */
  async answer(
    challenge: ClaimsChallenge,
    scopes: string[],
    confirm: () => Promise<boolean>,
  ): Promise<string | undefined> {
    const { list, tenant } = this.scopeList(scopes);
    if (this.challenges.answeredFor(tenant)?.claims.json === challenge.claims.json) {
      const again = await silentSession(this.auth, this.providerId, this.challengeRequest(challenge, list)).catch(
        () => undefined,
      );
      if (again) return this.token(again).token;
    }
    if (!(await confirm())) return undefined;
    return (await this.signInFor(challenge, scopes)).token;
  }

  /** The interactive answer (the tree's "Sign in again", or after the prompt). */
  async signInFor(challenge: ClaimsChallenge, scopes: string[]): Promise<AccessToken> {
    const { list, tenant } = this.scopeList(scopes);
    const account = this.account?.();
    const session = await this.auth.getSession(this.providerId, this.challengeRequest(challenge, list), {
      createIfNone: true,
      ...(account ? { account } : {}),
    });
    this.challenges.noteAnswered(tenant, challenge);
    return this.token(session);
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const { list, tenant } = this.scopeList(scopes, options);
    if (options?.claims) {
      // The SDK's bearer policy met a claims challenge: answer it only if VS Code can without the user.
      const challenge = challengeFromClaims(options.claims);
      if (challenge) {
        // Only a challenge the user has answered before: a silent lookup for a new one may hand back the refused token.
        if (this.challenges.answeredFor(tenant)?.claims.json === challenge.claims.json) {
          const satisfied = await silentSession(
            this.auth,
            this.providerId,
            this.challengeRequest(challenge, list),
          ).catch(() => undefined);
          if (satisfied) return this.token(satisfied);
        }
        this.challenges.noteRefused(tenant, challenge);
        throw new ClaimsChallengeError(options.claims, tenant);
      }
    }
    const answered = this.challenges.answeredFor(tenant);
    if (answered) {
      const session = await silentSession(this.auth, this.providerId, this.challengeRequest(answered, list)).catch(
        () => undefined,
      );
      if (session) return this.token(session);
    }
    const account = this.account?.();
    const session = account
      ? await silentSessionFor(this.auth, this.providerId, list, account)
      : await silentSession(this.auth, this.providerId, list);
    if (!session) {
      throw new NotSignedInError(
        tenant
          ? t('Not signed in to Azure for directory {0}. Use "Sign in to Azure…".', tenant)
          : t('Not signed in to Azure. Use "Sign in to Azure…".'),
      );
    }
    return this.token(session);
  }
}

/** A silent getSession for one account (several Microsoft accounts), bounded like silentSession. */
export function silentSessionFor(
  auth: Pick<typeof vscode.authentication, "getSession">,
  providerId: string,
  scopes: string[],
  account: vscode.AuthenticationSessionAccountInformation,
  timeoutMs = SILENT_SESSION_TIMEOUT_MS,
): Promise<vscode.AuthenticationSession | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SignInUnavailableError(providerId)), timeoutMs);
  });
  return Promise.race([
    Promise.resolve(auth.getSession(providerId, scopes, { silent: true, account })),
    timeout,
  ]).finally(() => clearTimeout(timer));
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
