// The "azureCli" authentication mode: tokens from `az account get-access-token`, one credential per tenant.
// @azure/identity's own messages are generic; the two cases users hit (no `az`, not logged in) get words that say
// what to do, under the same error name so src/azure still classifies them as "not signed in".
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { newAzureCliCredential } from "../azure/lazy";
import { t } from "../core/l10n";
import { ClaimsChallengeError } from "./claimsError";
import { NotSignedInError } from "./vscodeSessionCredential";

/**
 * `onToken` sees each token (to read who "me" is from its claims, src/auth/signedInAs.ts); it must not keep it.
 * The CLI cannot answer a claims challenge itself (docs/azure-behaviour.md#claims-challenges): a getToken with
 * claims fails with the challenge, and the user runs `az login --claims-challenge` (challengePrompt.ts).
 */
export function createCliCredential(tenantId: string | undefined, onToken?: (token: string) => void): TokenCredential {
  // @azure/identity's AzureCliCredential, built on the first token asked for (it lives in the lazily loaded Azure layer).
  let inner: TokenCredential | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      if (options?.claims) throw new ClaimsChallengeError(options.claims, tenantId);
      try {
        inner ??= newAzureCliCredential(tenantId ? { tenantId } : {});
        const token = await inner.getToken(scopes, options);
        if (token) onToken?.(token.token);
        return token;
      } catch (e) {
        throw explainCliError(e, tenantId);
      }
    },
  };
}

export function explainCliError(e: unknown, tenantId: string | undefined): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (/could not be found|not found|ENOENT/i.test(message) && /azure cli|az\b/i.test(message)) {
    return new NotSignedInError(
      t('The Azure CLI (az) was not found. Install it and run "az login", or set azureJit.authentication to "vscode".'),
    );
  }
  if (/az login/i.test(message)) {
    return new NotSignedInError(
      tenantId
        ? t(
            'The Azure CLI is not signed in to directory {0}. Run "az login --tenant {0}" in a terminal, then refresh.',
            tenantId,
          )
        : t('The Azure CLI is not signed in. Run "az login" in a terminal, then refresh.'),
    );
  }
  return e;
}
