// Azure CLI mode cannot answer a claims challenge itself: the `az login` command the user runs instead, built only
// from values that are safe on a command line.
import { decodeBase64 } from "./claimsChallengeDecode";

const GUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const SCOPE = /^https:\/\/[A-Za-z0-9.\-:]+(\/[A-Za-z0-9.\-_~/]*)?$/;

/**
 * The Azure CLI command that answers a claims challenge. The tenant must be a GUID, the scope an https URL of plain
 * characters, the claims canonical base64: only those reach a command line (each comes from Azure). undefined
 * otherwise.
 */
export function azLoginCommand(tenantId: string | undefined, scope: string, claimsBase64: string): string | undefined {
  if (tenantId !== undefined && !GUID.test(tenantId)) return undefined;
  if (!SCOPE.test(scope)) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(claimsBase64) || !decodeBase64(claimsBase64)) return undefined;
  return [
    "az login",
    ...(tenantId ? [`--tenant ${tenantId}`] : []),
    `--scope ${scope}`,
    `--claims-challenge "${claimsBase64}"`,
  ].join(" ");
}
