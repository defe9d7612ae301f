// The home tenant's token also serves that tenant asked for by its id. `az account get-access-token` without
// --tenant answers for the account's home tenant (the token GET /tenants is listed with); the tree then lists each
// tenant's subscriptions with that tenant's credential, the home tenant's included: a second `az` process, about a
// second with the real CLI, between the click on the view and its first row (docs/performance.md#first-paint-where-the-time-goes).
// The token's `tid` claim says which tenant it is for (signedInAs.ts decodes it without verification: it only picks
// which token to send, Azure checks it on every call). Tokens stay in memory, in this object only. No vscode.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { tenantFromToken } from "./signedInAs";
import { fresh, scopeKey } from "./tokenCache";

export class HomeToken {
  private last: { scopes: string; tenantId: string; token: AccessToken } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The home tenant's credential, remembering the last token it handed out and the tenant that token names. */
  tap(home: TokenCredential): TokenCredential {
    return {
      getToken: async (scopes, options) => {
        const token = await home.getToken(scopes, options);
        const tenantId = token ? tenantFromToken(token.token) : undefined;
        if (token && tenantId && !options?.tenantId) this.last = { scopes: scopeKey(scopes), tenantId, token };
        return token;
      },
    };
  }

  /**
   * Tenant `tenantId`'s credential, answered with the home token while that token is for this tenant and these
   * scopes and still fresh. Never for a claims challenge, and never again for this tenant after one: the answered
   * challenge's token is the tenant's own, and the home token may be the one that was refused. `onFirstLent` hears
   * the first time the home token serves this tenant (the log says so once, not per call).
   */
  lend(own: TokenCredential, tenantId: string, onFirstLent?: () => void): TokenCredential {
    const tenant = tenantId.toLowerCase();
    let ownOnly = false;
    let lent = false;
    return {
      getToken: async (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
        if (options?.claims) ownOnly = true;
        const home = this.last;
        if (
          !ownOnly &&
          !options?.tenantId &&
          home?.tenantId === tenant &&
          home.scopes === scopeKey(scopes) &&
          fresh(home.token, this.now())
        ) {
          if (!lent) onFirstLent?.();
          lent = true;
          return home.token;
        }
        return own.getToken(scopes, options);
      },
    };
  }
}
