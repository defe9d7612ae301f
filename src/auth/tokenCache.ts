// One token per tenant and scope for every client of that tenant. Each SDK client's bearer policy keeps a token of
// its own, so without this a 50-subscription load asked the credential 50 times: 50 `az` processes in Azure CLI
// mode, about a second each with the real CLI (docs/azure-behaviour.md#token-sharing). The token stays in memory,
// in this object only; it is handed out while it has more than REFRESH_BEFORE_MS of life left, and concurrent
// callers share one request. No vscode: unit-tested.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

/**
 * A token is fetched again once it has less than this left. More than the SDK bearer policy's own refresh window
 * (2 min), so a token handed out is never one the policy would at once ask to replace.
 */
export const REFRESH_BEFORE_MS = 3 * 60_000;

interface Entry {
  token?: AccessToken;
  pending?: Promise<AccessToken | null>;
}

/**
 * `inner` is one tenant's credential; the cache is per scope list (and per tenant asked for in the options).
 * `onFetched` hears how long each token `inner` handed out took (the output channel's timing line; never the token).
 */
export function shareTokens(
  inner: TokenCredential,
  now: () => number = Date.now,
  onFetched?: (ms: number) => void,
): TokenCredential {
  const entries = new Map<string, Entry>();
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = `${scopeKey(scopes)}|${options?.tenantId ?? ""}`;
      let entry = entries.get(key);
      if (!entry) {
        entry = {};
        entries.set(key, entry);
      }
      // A claims challenge (MFA, conditional access) needs a new token whatever is kept: never served from here.
      const challenged = options?.claims !== undefined && options.claims !== "";
      if (!challenged && entry.token && fresh(entry.token, now())) return entry.token;
      if (!challenged && entry.pending) return entry.pending;
      const own = entry;
      const asked = now();
      const pending = inner.getToken(scopes, options).then(
        (token) => {
          if (own.pending === pending) own.pending = undefined;
          if (token) onFetched?.(now() - asked);
          // A credential that answers null has no token: nothing is kept, the next call asks again.
          if (token) own.token = token;
          else own.token = undefined;
          return token;
        },
        (e: unknown) => {
          // A failure is not remembered (nor is the old token kept past it): the next call asks again.
          if (own.pending === pending) own.pending = undefined;
          own.token = undefined;
          throw e;
        },
      );
      own.pending = pending;
      return pending;
    },
  };
}

/** One text for a scope list, whatever its order: the key tokens are kept under. */
export function scopeKey(scopes: string | string[]): string {
  return [scopes].flat().slice().sort().join(" ");
}

/** Whether a token may still be handed out: more than REFRESH_BEFORE_MS left, and not past its refresh-after time. */
export function fresh(token: AccessToken, now: number): boolean {
  if (token.refreshAfterTimestamp !== undefined && now >= token.refreshAfterTimestamp) return false;
  return token.expiresOnTimestamp - now > REFRESH_BEFORE_MS;
}
