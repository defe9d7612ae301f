// A credential could not satisfy a claims challenge without the user (docs/azure-behaviour.md#claims-challenges).
// Matched by name in src/azure/errors.ts, which hands `claims` to core's classifyError: the failure becomes
// "notSignedIn" with the challenge, so the tree and notifications offer a sign-in that answers it.
import { t } from "../core/l10n";

export class ClaimsChallengeError extends Error {
  /** The decoded claims request (JSON), as the SDK's bearer policy passed it to getToken. */
  readonly claims: string;

  constructor(claims: string, tenantId: string | undefined) {
    super(
      tenantId
        ? t("Azure asks for a new sign-in to directory {0} (multifactor or a fresh sign-in).", tenantId)
        : t("Azure asks for a new sign-in (multifactor or a fresh sign-in)."),
    );
    this.name = "ClaimsChallengeError";
    this.claims = claims;
  }
}
