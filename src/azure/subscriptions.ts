// Tenants and subscriptions the signed-in identity can see (Microsoft.Resources api 2022-12-01). Read as wire JSON
// through @azure/arm-resources' generic client and the one pager, allPages, rather than through the pagers of
// @azure/arm-resources-subscriptions: those follow any nextLink they are given, to any host, with the token
// (docs/azure-behaviour.md#paging), and deserialize before anything could be validated.
import { createResourceManagement, type ResourceManagementContext } from "@azure/arm-resources/api";
import { createRestError } from "@azure-rest/core-client";
import { t } from "../core/l10n";
import type { Subscription, Tenant } from "../core/types";
import { parseSubscription, parseTenant } from "./resourceAnswers";
import { armClientOptions, type ArmSettings } from "./clientOptions";
import { allPages, withDeadline } from "./operation";

const API = "2022-12-01";

const contexts = new WeakMap<ArmSettings, ResourceManagementContext>();

function context(settings: ArmSettings): ResourceManagementContext {
  let found = contexts.get(settings);
  if (!found) {
    // Not bound to a subscription: only tenant-level paths are read through it.
    found = createResourceManagement(settings.credential, "", armClientOptions(settings));
    contexts.set(settings, found);
  }
  return found;
}

function list<T>(settings: ArmSettings, what: string, path: string, item: (raw: unknown, path: string) => T): Promise<T[]> {
  return withDeadline(settings, "read", (abortSignal) =>
    allPages(settings, what, `${settings.cloud.resourceManagerEndpoint}/${path}?api-version=${API}`, async (url) => {
      const response = await context(settings).pathUnchecked(url).get({ abortSignal });
      if (response.status !== "200") throw createRestError(response);
      return response.body;
    }, item),
  );
}

export function listTenants(settings: ArmSettings): Promise<Tenant[]> {
  return list(settings, t("the list of directories"), "tenants", parseTenant);
}

/** Subscriptions in every tenant the credential's token covers, sorted by name as the Azure views show them. */
export async function listSubscriptions(settings: ArmSettings): Promise<Subscription[]> {
  const out = await list(settings, t("the list of subscriptions"), "subscriptions", parseSubscription);
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
}
