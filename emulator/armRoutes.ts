// Microsoft.Resources: tenants, subscriptions, one subscription and its locations, at api-version
// 2022-12-01 as @azure/arm-resources-subscriptions 3 sends (docs/azure-behaviour.md).
import { invalidSubscriptionId, missingApiVersion, SUBSCRIPTION_ID, subscriptionNotFound } from "./armErrors.js";
import { reply, type Reply, type RouteContext } from "./context.js";
import type { SubscriptionRecord } from "./model.js";
import { page } from "./paging.js";

export const LOCATIONS: Array<[name: string, display: string, geography: string]> = [
  ["eastus", "East US", "United States"],
  ["westus2", "West US 2", "United States"],
  ["centralus", "Central US", "United States"],
  ["northeurope", "North Europe", "Europe"],
  ["westeurope", "West Europe", "Europe"],
  ["uksouth", "UK South", "United Kingdom"],
  ["francecentral", "France Central", "France"],
  ["germanywestcentral", "Germany West Central", "Germany"],
  ["southeastasia", "Southeast Asia", "Asia Pacific"],
  ["australiaeast", "Australia East", "Australia"],
];

export function subscriptionJson(s: SubscriptionRecord): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

function readHeaders(scope: "tenant" | "subscription"): Record<string, string> {
  return { [`x-ms-ratelimit-remaining-${scope}-reads`]: "11999" };
}

export function armRoute(ctx: RouteContext): Reply | undefined {
  const l = ctx.lower;
  const { store } = ctx;
  if (l.length === 1 && l[0] === "tenants") {
    if (ctx.method !== "GET") return undefined;
    if (!ctx.query.get("api-version")) return missingApiVersion();
    return reply(
      200,
      // The signed-in account's tenants (the `accounts` sign-in knob), else all of them.
      page(
        ctx,
        store.state.tenants.filter((t) => !ctx.memberTenants || ctx.memberTenants.includes(t.tenantId.toLowerCase())),
        (t) => ({
          id: `/tenants/${t.tenantId}`,
          tenantId: t.tenantId,
          countryCode: t.countryCode ?? "US",
          displayName: t.displayName,
          domains: [t.defaultDomain],
          tenantCategory: "Home",
          defaultDomain: t.defaultDomain,
          tenantType: "AAD",
        }),
      ),
      readHeaders("tenant"),
    );
  }
  if (l[0] !== "subscriptions" || l.length > 3 || ctx.method !== "GET") return undefined;
  if (l.length === 3 && l[2] !== "locations") return undefined;
  if (l.length >= 2 && !SUBSCRIPTION_ID.test(ctx.segments[1])) return invalidSubscriptionId(ctx.segments[1]);
  if (!ctx.query.get("api-version")) return missingApiVersion();
  if (l.length === 1) {
    // ARM lists the subscriptions of the token's tenant; fake tokens without a tenant claim see them all.
    const subs = store.state.subscriptions.filter((s) => !ctx.tokenTenantId || s.tenantId === ctx.tokenTenantId);
    return reply(200, page(ctx, subs, subscriptionJson), readHeaders("tenant"));
  }
  const sub = store.subscription(ctx.segments[1]);
  if (!sub) return subscriptionNotFound(ctx.segments[1]);
  if (l.length === 2) return reply(200, subscriptionJson(sub), readHeaders("subscription"));
  return reply(
    200,
    page(ctx, LOCATIONS, ([name, display, geography]) => ({
      id: `/subscriptions/${sub.subscriptionId}/locations/${name}`,
      name,
      type: "Region",
      displayName: display,
      regionalDisplayName: `(${geography}) ${display}`,
      metadata: { regionType: "Physical", regionCategory: "Recommended", geography, geographyGroup: geography },
    })),
    readHeaders("subscription"),
  );
}
