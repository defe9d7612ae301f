// Tenants and subscriptions the signed-in identity can see (Microsoft.Resources api 2022-12-01). Read as wire JSON
// through one core-client ServiceClient (armReader; formerly @azure/arm-resources' generic client, which added
// 11 KiB of bundle for the same GETs) and the one pager, allPages, rather than through the pagers of
// @azure/arm-resources-subscriptions: those follow any nextLink they are given, to any host, with the token
// (docs/azure-behaviour.md#paging), and deserialize before anything could be validated.
import { t } from "../core/l10n";
import type { Subscription, Tenant } from "../core/types";
import { parseSubscription, parseTenant } from "./resourceAnswers";
import type { ArmSettings } from "./clientOptions";
import { allPages, withDeadline } from "./operation";
import { armReader } from "./securityClient";

const API = "2022-12-01";

function list<T>(
  settings: ArmSettings,
  what: string,
  path: string,
  item: (raw: unknown, path: string) => T,
): Promise<T[]> {
  return withDeadline(settings, "read", (abortSignal) =>
    allPages(
      settings,
      what,
      `${settings.cloud.resourceManagerEndpoint}/${path}?api-version=${API}`,
      (url) => armReader(settings)(url, abortSignal),
      item,
    ),
  );
}

export function listTenants(settings: ArmSettings): Promise<Tenant[]> {
  return list(settings, t("the list of directories"), "tenants", parseTenant);
}

/** Subscriptions in every tenant the credential's token covers, sorted by name as the Azure views show them. */
export async function listSubscriptions(settings: ArmSettings): Promise<Subscription[]> {
  const out = await list(settings, t("the list of subscriptions"), "subscriptions", parseSubscription);
  return out.sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId),
  );
}
