// Tenants and subscriptions the signed-in identity can see, from @azure/arm-resources-subscriptions 3
// (Microsoft.Resources api 2022-12-01). @azure/arm-subscriptions 6 cannot list either (azure-sdk-notes §3.1).
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { Subscription, Tenant } from "../core/types";
import { armClientOptions, type ArmSettings } from "./clientOptions";
import { asJitFailure } from "./errors";

const clients = new WeakMap<ArmSettings, SubscriptionClient>();

function client(settings: ArmSettings): SubscriptionClient {
  let found = clients.get(settings);
  if (!found) {
    found = new SubscriptionClient(settings.credential, armClientOptions(settings));
    clients.set(settings, found);
  }
  return found;
}

export function listTenants(settings: ArmSettings): Promise<Tenant[]> {
  return asJitFailure("read", async () => {
    const out: Tenant[] = [];
    for await (const tenant of client(settings).tenants.list()) {
      if (!tenant.tenantId) continue;
      const item: Tenant = { tenantId: tenant.tenantId };
      if (tenant.displayName) item.displayName = tenant.displayName;
      if (tenant.defaultDomain) item.defaultDomain = tenant.defaultDomain;
      out.push(item);
    }
    return out;
  });
}

/** Subscriptions in every tenant the credential's token covers, sorted by name as the Azure views show them. */
export function listSubscriptions(settings: ArmSettings): Promise<Subscription[]> {
  return asJitFailure("read", async () => {
    const out: Subscription[] = [];
    for await (const s of client(settings).subscriptions.list()) {
      if (!s.subscriptionId) continue;
      const item: Subscription = {
        subscriptionId: s.subscriptionId,
        tenantId: s.tenantId ?? "",
        displayName: s.displayName ?? s.subscriptionId,
      };
      if (s.state) item.state = s.state;
      out.push(item);
    }
    return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
  });
}
