// JIT policy operations on @azure/arm-security 5 (the 2022 HLC client, api-version 2020-01-01). Everything that
// leaves this file is a plain core type; SDK models and Dates stay inside.
import {
  SecurityCenter,
  type JitNetworkAccessPolicy,
  type JitNetworkAccessPolicyInitiateRequest,
  type JitNetworkAccessPolicyVirtualMachine,
  type JitNetworkAccessPortRule,
  type JitNetworkAccessRequest,
} from "@azure/arm-security";
import type { FullOperationResponse } from "@azure/core-client";
import { createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { JitError } from "../core/errors";
import { t } from "../core/l10n";
import { parsePolicyId, type PolicyRef } from "../core/resourceId";
import type { InitiateBody, JitRequest, Policy, PolicyVm, PortRule, RequestPort } from "../core/types";
import { armClientOptions, type ArmSettings } from "./clientOptions";
import { JitFailure, asJitFailure, isJitFailure, toJitError } from "./errors";

export interface JitApi {
  /** Every policy of the subscription, all pages. */
  listPolicies(subscriptionId: string): Promise<Policy[]>;
  getPolicy(ref: PolicyRef): Promise<Policy>;
  /**
   * One POST per policy. Not a long-running operation: the 202 body says "Initiating"; re-read the policy to see the
   * port open. The SDK retries POSTs on 5xx and network errors like any call. That is acceptable here: a repeated
   * initiate only adds a newer request for the same ports and end time, which the service treats like any request.
   */
  initiate(ref: PolicyRef, body: InitiateBody): Promise<JitRequest>;
  /** One initiate per item, all in parallel; each item gets its own result or error. */
  initiateMany(
    items: Array<{ ref: PolicyRef; body: InitiateBody }>,
  ): Promise<Array<{ ref: PolicyRef; request?: JitRequest; error?: JitError }>>;
  /** PUT replaces the policy's whole VM list (BEHAVIOUR.md §3.2). The answer's `requests` is an echo, not the truth. */
  putPolicy(ref: PolicyRef, virtualMachines: PolicyVm[], kind?: string): Promise<Policy>;
  /** GET, change, PUT the whole list; a missing policy starts from []. Requests in the result come from the GET. */
  updatePolicyVms(ref: PolicyRef, change: (vms: PolicyVm[]) => PolicyVm[]): Promise<Policy>;
  deletePolicy(ref: PolicyRef): Promise<void>;
}

export function createJitApi(settings: ArmSettings): JitApi {
  // SecurityCenter is bound to one subscription; its constructor builds 49 operation groups, so keep one each.
  const clients = new Map<string, SecurityCenter>();
  const client = (subscriptionId: string): SecurityCenter => {
    const key = subscriptionId.toLowerCase();
    let found = clients.get(key);
    if (!found) {
      found = new SecurityCenter(settings.credential, subscriptionId, armClientOptions(settings));
      clients.set(key, found);
    }
    return found;
  };
  const policies = (ref: PolicyRef) => client(ref.subscriptionId).jitNetworkAccessPolicies;

  const api: JitApi = {
    listPolicies: (subscriptionId) =>
      asJitFailure("read", async () => {
        const out: Policy[] = [];
        for await (const policy of listWire(client(subscriptionId), listUrl(settings, subscriptionId))) {
          out.push(toPolicy(policy, { subscriptionId }));
        }
        return out;
      }),

    getPolicy: (ref) =>
      asJitFailure("read", async () =>
        toPolicy(await policies(ref).get(ref.resourceGroup, ref.location, ref.name), ref),
      ),

    initiate: async (ref, body) => {
      const request = toSdkInitiate(body);
      return asJitFailure("request", async () =>
        toRequest(await policies(ref).initiate(ref.resourceGroup, ref.location, ref.name, request)),
      );
    },

    initiateMany: (items) =>
      Promise.all(
        items.map(async ({ ref, body }) => {
          try {
            return { ref, request: await api.initiate(ref, body) };
          } catch (e) {
            return { ref, error: toJitError(e, "request") };
          }
        }),
      ),

    putPolicy: async (ref, virtualMachines, kind) => {
      const body = {
        kind: kind ?? "Basic",
        virtualMachines: virtualMachines.map(toSdkVm),
      } as JitNetworkAccessPolicy;
      return asJitFailure("configure", async () =>
        toPolicy(await policies(ref).createOrUpdate(ref.resourceGroup, ref.location, ref.name, body), ref),
      );
    },

    updatePolicyVms: async (ref, change) => {
      let current: Policy | undefined;
      try {
        current = await api.getPolicy(ref);
      } catch (e) {
        if (!(isJitFailure(e) && e.error.kind === "notFound")) throw e;
      }
      const before = current?.virtualMachines ?? [];
      // The callback gets a copy: it may mutate freely without touching what a caller may still hold.
      const after = change(structuredClone(before));
      const written = await api.putPolicy(ref, after, current?.kind);
      // PUT keeps the stored requests but answers with an empty echo (BEHAVIOUR.md §0.3).
      return { ...written, requests: current?.requests ?? written.requests };
    },

    deletePolicy: (ref) =>
      asJitFailure("configure", async () => {
        await policies(ref).delete(ref.resourceGroup, ref.location, ref.name);
      }),
  };
  return api;
}

// ---- listing ----

const API_VERSION = "2020-01-01";

function listUrl(settings: ArmSettings, subscriptionId: string): string {
  return `${settings.cloud.resourceManagerEndpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=${API_VERSION}`;
}

/**
 * The list goes through SecurityCenter's own pipeline (token, retries, user agent, TLS, call log) but skips the
 * HLC model deserializer: for a 10,000-VM tenant that deserializer alone cost about 190 ms of CPU (and its
 * garbage) per load, more than a round trip (bench/treeLoad.ts: 4.7 → 3.7 × latency). The wire JSON differs from
 * the SDK model only by the `properties` wrapper, which toPolicy accepts. It also sidesteps arm-security 5's
 * byPage(), which ignores continuation tokens (azure-sdk-notes §1.2): nextLink is followed verbatim here.
 */
async function* listWire(client: SecurityCenter, firstUrl: string): AsyncGenerator<WirePolicy> {
  let url: string | undefined = firstUrl;
  while (url) {
    const response = (await client.sendRequest(createPipelineRequest({ url, method: "GET" }))) as FullOperationResponse;
    if (response.status !== 200) throw wireError(response);
    const body = (response.parsedBody ?? {}) as { value?: WirePolicy[]; nextLink?: string | null };
    yield* body.value ?? [];
    url = body.nextLink ?? undefined;
  }
}

/** The same RestError the typed operations throw for a CloudError body, so toJitError treats both alike. */
function wireError(response: FullOperationResponse): RestError {
  const body = response.parsedBody as { error?: { code?: string; message?: string } } | undefined;
  const error = new RestError(body?.error?.message ?? (response.bodyAsText?.slice(0, 500) || `HTTP ${response.status}`), {
    statusCode: response.status,
    request: response.request,
    response,
    ...(body?.error?.code ? { code: body.error.code } : {}),
  });
  error.details = body?.error;
  return error;
}

// ---- SDK and wire → core ----

/** A policy as the SDK returns it (properties flattened) or as it comes off the wire (under `properties`). */
type WirePolicy = JitNetworkAccessPolicy | (Omit<JitNetworkAccessPolicy, "virtualMachines"> & { properties?: Partial<JitNetworkAccessPolicy> });

export function toPolicy(source: WirePolicy, fallback: Partial<PolicyRef> & { subscriptionId: string }): Policy {
  const wrapped = (source as { properties?: Partial<JitNetworkAccessPolicy> }).properties;
  const p = (wrapped ? { ...source, ...wrapped } : source) as JitNetworkAccessPolicy;
  const id = p.id ?? "";
  const parsed = id ? parsePolicyId(id) : undefined;
  const policy: Policy = {
    id,
    name: p.name ?? parsed?.name ?? fallback.name ?? "",
    subscriptionId: parsed?.subscriptionId ?? fallback.subscriptionId,
    resourceGroup: parsed?.resourceGroup ?? fallback.resourceGroup ?? "",
    location: p.location ?? parsed?.location ?? fallback.location ?? "",
    virtualMachines: (p.virtualMachines ?? []).map(toPolicyVm),
    requests: (p.requests ?? []).map(toRequest),
  };
  if (p.kind !== undefined) policy.kind = p.kind;
  if (p.provisioningState !== undefined) policy.provisioningState = p.provisioningState;
  return policy;
}

function toPolicyVm(vm: JitNetworkAccessPolicyVirtualMachine): PolicyVm {
  const out: PolicyVm = { id: vm.id, ports: (vm.ports ?? []).map(toPortRule) };
  if (vm.publicIpAddress) out.publicIpAddress = vm.publicIpAddress;
  return out;
}

function toPortRule(rule: JitNetworkAccessPortRule): PortRule {
  return {
    number: rule.number,
    protocol: rule.protocol,
    allowedSourceAddressPrefixes: sources(rule.allowedSourceAddressPrefix, rule.allowedSourceAddressPrefixes),
    maxRequestAccessDuration: rule.maxRequestAccessDuration,
  };
}

export function toRequest(r: JitNetworkAccessRequest | WireRequest): JitRequest {
  const request: JitRequest = {
    virtualMachines: (r.virtualMachines ?? []).map((vm) => ({
      id: vm.id,
      ports: (vm.ports ?? []).map((port) => {
        const out: RequestPort = {
          number: port.number,
          allowedSourceAddressPrefixes: sources(port.allowedSourceAddressPrefix, port.allowedSourceAddressPrefixes),
          endTimeUtc: epochMs(port.endTimeUtc),
          status: port.status ?? "",
          statusReason: port.statusReason ?? "",
        };
        if (port.mappedPort !== undefined && port.mappedPort !== null) out.mappedPort = port.mappedPort;
        return out;
      }),
    })),
    startTimeUtc: epochMs(r.startTimeUtc),
    requestor: r.requestor ?? "",
  };
  if (r.justification !== undefined && r.justification !== null) request.justification = r.justification;
  return request;
}

/** The service uses either the single prefix or the list (mutually exclusive); core always sees a list. */
function sources(single: string | undefined, list: string[] | undefined): string[] {
  if (list && list.length) return [...list];
  return single ? [single] : [];
}

/** Dates from the SDK, ISO strings from the wire. The service's strings are UTC (1–7 fractional digits); one
 * without a zone must not be read as local time, which is what Date.parse would do. */
function epochMs(value: Date | string | undefined): number {
  if (value === undefined || value === null) return 0;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 0 : value.getTime();
  const text = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Requests off the wire carry ISO strings where the SDK model has Dates. */
type WireRequest = Omit<JitNetworkAccessRequest, "startTimeUtc" | "virtualMachines"> & {
  startTimeUtc: Date | string;
  virtualMachines: Array<{ id: string; ports: Array<Omit<JitNetworkAccessRequest["virtualMachines"][number]["ports"][number], "endTimeUtc"> & { endTimeUtc: Date | string }> }>;
};

// ---- core → SDK ----

function toSdkVm(vm: PolicyVm): JitNetworkAccessPolicyVirtualMachine {
  const out: JitNetworkAccessPolicyVirtualMachine = {
    id: vm.id,
    ports: vm.ports.map((rule) => {
      const port: JitNetworkAccessPortRule = {
        number: rule.number,
        protocol: rule.protocol,
        maxRequestAccessDuration: rule.maxRequestAccessDuration,
      };
      // One prefix goes back as the single field, several as the list: the two are mutually exclusive.
      const prefixes = rule.allowedSourceAddressPrefixes;
      if (prefixes.length === 1) port.allowedSourceAddressPrefix = prefixes[0];
      else if (prefixes.length > 1) port.allowedSourceAddressPrefixes = [...prefixes];
      return port;
    }),
  };
  if (vm.publicIpAddress) out.publicIpAddress = vm.publicIpAddress;
  return out;
}

/** Core plans end times as ISO strings; the SDK serializes endTimeUtc from a Date. Checked before sending. */
function toSdkInitiate(body: InitiateBody): JitNetworkAccessPolicyInitiateRequest {
  const request: JitNetworkAccessPolicyInitiateRequest = {
    virtualMachines: body.virtualMachines.map((vm) => ({
      id: vm.id,
      ports: vm.ports.map((port) => {
        const end = Date.parse(port.endTimeUtc);
        if (Number.isNaN(end) || !/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(port.endTimeUtc)) {
          throw new JitFailure({
            kind: "invalidInput",
            message: t(
              "endTimeUtc \"{0}\" of port {1} is not a UTC date and time (ISO 8601, e.g. 2030-01-01T03:00:00Z).",
              port.endTimeUtc,
              port.number,
            ),
          });
        }
        return {
          number: port.number,
          endTimeUtc: new Date(end),
          ...(port.allowedSourceAddressPrefix !== undefined
            ? { allowedSourceAddressPrefix: port.allowedSourceAddressPrefix }
            : {}),
        };
      }),
    })),
  };
  if (body.justification !== undefined) request.justification = body.justification;
  return request;
}
