// Every subscription the account can reach: list tenants with the home credential, then each tenant's
// subscriptions with that tenant's credential (a token only sees its own tenant), all tenants in parallel.
// A tenant that refuses (MFA required, guest access revoked) is reported and skipped; the others still count.
import type { ArmSettings } from "../azure/clientOptions";
import { JitFailure, toJitError } from "../azure/errors";
import { listSubscriptions, listTenants } from "../azure/lazy";
import type { JitError } from "../core/errors";
import type { Subscription, Tenant } from "../core/types";
import { dedupeSubscriptions } from "./subscriptionFilter";

export interface Directory {
  tenants: Tenant[];
  subscriptions: Subscription[];
  failedTenants: Array<{ tenant: Tenant; error: JitError }>;
}

/** `settingsFor(undefined)` is the home tenant. Throws a JitFailure when nothing at all could be listed. */
export async function loadDirectory(settingsFor: (tenantId?: string) => ArmSettings): Promise<Directory> {
  const tenants = await listTenants(settingsFor(undefined));
  if (tenants.length === 0) {
    return { tenants, subscriptions: await listSubscriptions(settingsFor(undefined)), failedTenants: [] };
  }
  const results = await Promise.all(
    tenants.map(async (tenant) => {
      try {
        return { tenant, subscriptions: await listSubscriptions(settingsFor(tenant.tenantId)) };
      } catch (e) {
        return { tenant, error: toJitError(e, "read") };
      }
    }),
  );
  const failedTenants = results.flatMap((r) => (r.error ? [{ tenant: r.tenant, error: r.error }] : []));
  const subscriptions = dedupeSubscriptions(results.map((r) => r.subscriptions ?? []));
  if (subscriptions.length === 0 && failedTenants.length === tenants.length) {
    throw new JitFailure(failedTenants[0]!.error);
  }
  return { tenants, subscriptions, failedTenants };
}
