// The eight JitNetworkAccessPolicies operations on their real (case-insensitive) paths (docs/azure-behaviour.md).
import { randomInt } from "node:crypto";
import {
  authorizationFailed,
  invalidSubscriptionId,
  methodNotAllowed,
  missingApiVersion,
  resourceGroupNotFound,
  SUBSCRIPTION_ID,
  subscriptionNotFound,
  unsupportedApiVersion,
} from "./armErrors.js";
import { reply, type Reply, type RouteContext } from "./context.js";
import { policyJson, requestJson } from "./jitJson.js";
import { ipv6Rejected, notSubset, parseInitiateBody, parsePutBody, sourceAllowed } from "./jitValidation.js";
import { page } from "./paging.js";
import { policyArmId, type PolicyRecord, type RequestRecord } from "./model.js";
import type { ThrottleKind } from "./store.js";
import { armError, parseDuration, type NetTime } from "./wire.js";

const API_VERSIONS = ["2015-06-01-preview", "2020-01-01"];
const ACTION = "Microsoft.Security/locations/jitNetworkAccessPolicies";

interface JitPath {
  subscriptionId: string;
  resourceGroup?: string;
  location?: string;
  name?: string;
  initiate?: boolean;
  /** Subscription- and RG-level lists are fanned out by ARM; the headers show it. */
  fannedOut?: boolean;
}

function match(ctx: RouteContext): JitPath | undefined {
  const l = ctx.lower;
  const s = ctx.segments;
  if (l[0] !== "subscriptions" || l.length < 5) return undefined;
  let i = 2;
  const out: JitPath = { subscriptionId: s[1] };
  if (l[i] === "resourcegroups") {
    out.resourceGroup = s[i + 1];
    i += 2;
  }
  if (l[i] !== "providers" || l[i + 1] !== "microsoft.security") return undefined;
  i += 2;
  if (l[i] === "locations") {
    out.location = s[i + 1];
    i += 2;
  }
  if (l[i] !== "jitnetworkaccesspolicies") return undefined;
  i += 1;
  const rest = s.slice(i);
  if (rest.length === 0) {
    out.fannedOut = out.location === undefined;
    return out;
  }
  if (!out.resourceGroup || !out.location) return undefined;
  if (rest.length === 1) return { ...out, name: rest[0] };
  if (rest.length === 2 && rest[1].toLowerCase() === "initiate") return { ...out, name: rest[0], initiate: true };
  return undefined;
}

export function jitRoute(ctx: RouteContext): Reply | undefined {
  const m = match(ctx);
  if (!m) return undefined;
  const { store } = ctx;
  const throttle: ThrottleKind =
    ctx.method === "DELETE" ? "deletes" : ctx.method === "GET" ? "resource-requests" : "writes";
  const withHeaders = (r: Reply): Reply => {
    const headers: Record<string, string> = {
      ...r.headers,
      [`x-ms-ratelimit-remaining-subscription-${throttle}`]: String(store.remaining(m.subscriptionId, throttle)),
    };
    if (m.fannedOut) headers["x-ms-original-request-ids"] = ",,";
    else headers["x-ms-request-id"] = "";
    return { ...r, headers };
  };

  const version = ctx.query.get("api-version");
  if (!SUBSCRIPTION_ID.test(m.subscriptionId)) return invalidSubscriptionId(m.subscriptionId);
  if (!version) return missingApiVersion();
  if (!API_VERSIONS.includes(version))
    return unsupportedApiVersion(version, "locations/jitNetworkAccessPolicies", API_VERSIONS);
  const sub = store.subscription(m.subscriptionId);
  if (!sub) return subscriptionNotFound(m.subscriptionId);

  const allowed = m.name === undefined ? ["GET"] : m.initiate ? ["POST"] : ["GET", "PUT", "DELETE"];
  if (!allowed.includes(ctx.method)) return methodNotAllowed(ctx.method);

  if (sub.jitForbidden) {
    const action = m.initiate
      ? `${ACTION}/initiate/action`
      : ctx.method === "PUT"
        ? `${ACTION}/write`
        : ctx.method === "DELETE"
          ? `${ACTION}/delete`
          : `${ACTION}/read`;
    const scope = "/" + ctx.segments.slice(0, m.initiate ? -1 : undefined).join("/");
    return withHeaders(authorizationFailed(store.state.requestor, store.state.clientObjectId, action, scope));
  }
  if (m.resourceGroup !== undefined && !store.resourceGroupExists(sub.subscriptionId, m.resourceGroup))
    return resourceGroupNotFound(m.resourceGroup);

  if (m.name === undefined) {
    const policies = store.listPolicies({
      subscriptionId: sub.subscriptionId,
      resourceGroup: m.resourceGroup,
      location: m.location,
    });
    return withHeaders(
      reply(
        200,
        page(ctx, policies, (p) => policyJson(store, p)),
      ),
    );
  }
  const ref = {
    subscriptionId: sub.subscriptionId,
    resourceGroup: store.resourceGroupName(sub.subscriptionId, m.resourceGroup!),
    location: m.location!,
    name: m.name,
  };
  const existing = store.policy(ref.subscriptionId, ref.resourceGroup, ref.location, ref.name);
  if (m.initiate) return withHeaders(initiate(ctx, ref, existing));
  switch (ctx.method) {
    case "GET":
      return withHeaders(existing ? reply(200, policyJson(store, existing)) : policyNotFound(ref));
    case "DELETE":
      if (!existing) return withHeaders(reply(204));
      store.deletePolicy(existing);
      return withHeaders(reply(200));
    default: {
      const parsed = parsePutBody(ctx.body, ref.name);
      if (!parsed.ok) return withHeaders(parsed.reply);
      const stored = store.putPolicy({
        ...ref,
        // Keep the casing of the first PUT, as ARM does for an existing resource.
        ...(existing && { resourceGroup: existing.resourceGroup, location: existing.location, name: existing.name }),
        kind: parsed.value.kind,
        virtualMachines: parsed.value.virtualMachines,
        requests: [],
        settledAtMs: store.clock.now() + store.timings.provisioningDelayMs,
      });
      return withHeaders(reply(200, policyJson(store, stored, parsed.value.requestsEcho)));
    }
  }
}

function policyNotFound(ref: Pick<PolicyRecord, "subscriptionId" | "resourceGroup" | "location" | "name">): Reply {
  return reply(
    404,
    armError("PolicyNotFound", `Just-In-Time Network Access Policy '${policyArmId(ref)}' does not exist.`),
  );
}

function initiate(
  ctx: RouteContext,
  ref: Pick<PolicyRecord, "subscriptionId" | "resourceGroup" | "location" | "name">,
  policy: PolicyRecord | undefined,
): Reply {
  const { store } = ctx;
  const parsed = parseInitiateBody(ctx.body);
  if (!parsed.ok) return parsed.reply;
  if (!policy) return policyNotFound(ref);
  const input = parsed.value;
  const id = policyArmId(policy);
  const now = store.clock.now();
  const start: NetTime = { ms: now, ticks: randomInt(10_000) };

  for (const vm of input.virtualMachines) {
    for (const port of vm.ports) {
      const sources = port.prefixes ?? (port.prefix !== undefined ? [port.prefix] : []);
      if (sources.some((s) => s.includes(":"))) return ipv6Rejected();
    }
  }
  const request: RequestRecord = { virtualMachines: [], startTimeUtc: start, requestor: ctx.requestor };
  if (input.justification !== undefined) request.justification = input.justification;
  for (const vm of input.virtualMachines) {
    const policyVm = policy.virtualMachines.find((v) => v.id.toLowerCase() === vm.id.toLowerCase());
    if (!policyVm) return notSubset(id);
    const ports: RequestRecord["virtualMachines"][number]["ports"] = [];
    for (const port of vm.ports) {
      const rule = policyVm.ports.find((r) => r.number === port.number);
      if (!rule) return notSubset(id);
      const requested = port.prefixes ?? [port.prefix ?? store.state.callerIp];
      if (!sourceAllowed(rule, requested)) return notSubset(id);
      const end: NetTime = port.endTimeUtc ?? { ms: start.ms + (port.durationMs ?? 0), ticks: start.ticks };
      const max = parseDuration(rule.maxRequestAccessDuration) ?? 0;
      // The tolerance absorbs a client's clock skew in endTimeUtc; a `duration` involves no clock, so it gets none.
      const tolerance = port.endTimeUtc ? ctx.durationToleranceMs : 0;
      if (end.ms <= now || end.ms - now > max + tolerance) return notSubset(id);
      const record: RequestRecord["virtualMachines"][number]["ports"][number] = {
        number: port.number,
        endTimeUtc: end,
        initiatedAtMs: now + store.timings.initiateDelayMs,
      };
      if (port.prefixes) record.allowedSourceAddressPrefixes = port.prefixes;
      else record.allowedSourceAddressPrefix = requested[0];
      if (policyVm.publicIpAddress) record.mappedPort = store.allocateMappedPort(policyVm.publicIpAddress);
      ports.push(record);
    }
    request.virtualMachines.push({ id: vm.id, ports });
  }
  store.addRequest(policy, request);
  return reply(202, requestJson(store, request));
}
