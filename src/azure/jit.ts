// JIT policy operations on @azure/arm-security 5 (the 2022 HLC client, api-version 2020-01-01). Everything that
// leaves this file is a plain core type; SDK models and Dates stay inside.
import type { JitError } from "../core/errors";
import { t } from "../core/l10n";
import type { PolicyRef } from "../core/resourceId";
import type { InitiateBody, JitRequest, Policy, PolicyVm } from "../core/types";
import { checked, parsePolicy, parseRequest } from "./answers";
import { armClientOptions, type ArmSettings } from "./clientOptions";
import { JitFailure, isJitFailure, toJitError } from "./errors";
import { allPages, withDeadline } from "./operation";
import { JitClient, sendJson, type ArmMethod } from "./securityClient";

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
  /** PUT replaces the policy's whole VM list (docs/azure-behaviour.md#put-replaces). The answer's `requests` is an echo. */
  putPolicy(ref: PolicyRef, virtualMachines: PolicyVm[], kind?: string): Promise<Policy>;
  /**
   * GET, change, PUT the whole list; only a missing policy (404) starts from []. A GET that does not validate
   * stops it before any write. Requests in the result come from the GET.
   */
  updatePolicyVms(ref: PolicyRef, change: (vms: PolicyVm[]) => PolicyVm[]): Promise<Policy>;
  deletePolicy(ref: PolicyRef): Promise<void>;
}

export function createJitApi(settings: ArmSettings): JitApi {
  // A client is bound to one subscription (as SecurityCenter is): keep one each. They share one HTTP client.
  const clients = new Map<string, JitClient>();
  const client = (subscriptionId: string): JitClient => {
    const key = subscriptionId.toLowerCase();
    let found = clients.get(key);
    if (!found) {
      found = new JitClient(settings.credential, subscriptionId, armClientOptions(settings));
      clients.set(key, found);
    }
    return found;
  };
  /** One call through the client's pipeline (token, retries, limits, log) returning the wire JSON, unvalidated. */
  const send = (
    subscriptionId: string,
    url: string,
    method: ArmMethod,
    signal: AbortSignal,
    ok: number[],
    body?: unknown,
  ) => sendJson(client(subscriptionId), url, method, signal, ok, body);
  const policyWhat = (ref: PolicyRef) => t("policy {0}", ref.name);

  const api: JitApi = {
    listPolicies: (subscriptionId) =>
      withDeadline(settings, "read", (signal) =>
        allPages(
          settings,
          t("the JIT policies of subscription {0}", subscriptionId),
          listUrl(settings, subscriptionId),
          (url) => send(subscriptionId, url, "GET", signal, [200]),
          (raw, path) => parsePolicy(raw, path).policy,
        ),
      ),

    getPolicy: (ref) =>
      withDeadline(settings, "read", async (signal) => {
        const body = await send(ref.subscriptionId, policyUrl(settings, ref), "GET", signal, [200]);
        return checked(policyWhat(ref), () => parsePolicy(body, "", ref).policy);
      }),

    initiate: async (ref, body) => {
      const request = toWireInitiate(body);
      return withDeadline(settings, "request", async (signal) => {
        const answer = await send(
          ref.subscriptionId,
          `${policyUrl(settings, ref, "/initiate")}`,
          "POST",
          signal,
          [200, 202],
          request,
        );
        return checked(t("the access request to policy {0}", ref.name), () => parseRequest(answer));
      });
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
      const body = { kind: kind ?? "Basic", properties: { virtualMachines: virtualMachines.map(toWireVm) } };
      return withDeadline(settings, "configure", async (signal) => {
        const answer = await send(ref.subscriptionId, policyUrl(settings, ref), "PUT", signal, [200, 201], body);
        return checked(policyWhat(ref), () => parsePolicy(answer, "", ref).policy);
      });
    },

    updatePolicyVms: async (ref, change) => {
      let current: Policy | undefined;
      try {
        // A read that did not validate throws here ("service"): only a 404 starts from an empty list.
        current = await api.getPolicy(ref);
      } catch (e) {
        if (!(isJitFailure(e) && e.error.kind === "notFound")) throw e;
      }
      const before = current?.virtualMachines ?? [];
      // The callback gets a copy: it may mutate freely without touching what a caller may still hold.
      const after = change(structuredClone(before));
      assertKeeps(ref, after, toWireVmList(after));
      const written = await api.putPolicy(ref, after, current?.kind);
      // PUT keeps the stored requests but answers with an empty echo (docs/azure-behaviour.md#put-echo).
      return { ...written, requests: current?.requests ?? written.requests };
    },

    deletePolicy: (ref) =>
      withDeadline(settings, "configure", async (abortSignal) => {
        await send(ref.subscriptionId, policyUrl(settings, ref), "DELETE", abortSignal, [200, 204]);
      }),
  };
  return api;
}

/**
 * The body about to be PUT must hold every VM and port of `after`, the list the change produced from a validated
 * read: the PUT replaces the policy's whole VM list (docs/azure-behaviour.md#put-replaces), so anything missing
 * loses its JIT protection. Guards the serialisation, which the user never sees.
 */
function assertKeeps(
  ref: PolicyRef,
  after: PolicyVm[],
  body: Array<{ id: string; ports: Array<{ number: number }> }>,
): void {
  const key = (vmId: string, port?: number) => `${vmId.toLowerCase()}#${port ?? ""}`;
  const written = new Set(body.flatMap((vm) => [key(vm.id), ...vm.ports.map((p) => key(vm.id, p.number))]));
  const missing = after
    .flatMap((vm) => [key(vm.id), ...vm.ports.map((p) => key(vm.id, p.number))])
    .filter((k) => !written.has(k));
  if (missing.length > 0) {
    throw new JitFailure({
      kind: "invalidInput",
      message: t("Nothing was written to policy {0}: the write would have dropped {1}.", ref.name, missing.join(", ")),
    });
  }
}

// ---- listing ----

const API_VERSION = "2020-01-01";

function listUrl(settings: ArmSettings, subscriptionId: string): string {
  return `${settings.cloud.resourceManagerEndpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=${API_VERSION}`;
}

function policyUrl(settings: ArmSettings, ref: PolicyRef, suffix = ""): string {
  const e = encodeURIComponent;
  return `${settings.cloud.resourceManagerEndpoint}/subscriptions/${e(ref.subscriptionId)}/resourceGroups/${e(ref.resourceGroup)}/providers/Microsoft.Security/locations/${e(ref.location)}/jitNetworkAccessPolicies/${e(ref.name)}${suffix}?api-version=${API_VERSION}`;
}

/**
 * Reads and writes go through the client's pipeline, SecurityCenter's (token, retries, limits, user agent, TLS, call log)
 * but skip the HLC model (de)serializer: every answer is validated as wire JSON by src/azure/answers.ts, and for a
 * 10,000-VM tenant that deserializer alone cost about 190 ms of CPU per load (bench/treeLoad.ts: 4.7 → 3.7 ×
 * latency). It also sidesteps arm-security 5's byPage(), which ignores continuation tokens
 * (docs/azure-behaviour.md#paging): nextLinks are followed by allPages, with its origin, loop and page checks.
 */

// ---- wire → core ----

/**
 * A policy off the wire (under `properties`), validated; the older SDK model shape (properties flattened, Dates)
 * is accepted by wrapping it first. Throws a JitFailure naming the first thing that does not validate.
 */
export function toPolicy(source: unknown, fallback: Partial<PolicyRef> & { subscriptionId: string }): Policy {
  const o = source && typeof source === "object" ? (source as Record<string, unknown>) : undefined;
  const wire =
    o && o.properties === undefined && Array.isArray(o.virtualMachines)
      ? {
          ...o,
          properties: JSON.parse(
            JSON.stringify({
              virtualMachines: o.virtualMachines,
              requests: o.requests,
              provisioningState: o.provisioningState,
            }),
          ) as unknown,
        }
      : source;
  return checked(t("policy {0}", fallback.name ?? "?"), () => parsePolicy(wire).policy);
}

// ---- core → wire ----

function toWireVm(vm: PolicyVm): WireVm {
  const out: WireVm = {
    id: vm.id,
    ports: vm.ports.map((rule) => {
      const port: WireVm["ports"][number] = {
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

function toWireVmList(vms: PolicyVm[]): WireVm[] {
  return vms.map(toWireVm);
}

interface WireVm {
  id: string;
  ports: Array<{
    number: number;
    protocol: string;
    maxRequestAccessDuration: string;
    allowedSourceAddressPrefix?: string;
    allowedSourceAddressPrefixes?: string[];
  }>;
  publicIpAddress?: string;
}

/** Core plans end times as ISO strings; the service wants UTC ISO 8601. Checked before sending. */
function toWireInitiate(body: InitiateBody): unknown {
  const request: { virtualMachines: unknown[]; justification?: string } = {
    virtualMachines: body.virtualMachines.map((vm) => ({
      id: vm.id,
      ports: vm.ports.map((port) => {
        const end = Date.parse(port.endTimeUtc);
        if (Number.isNaN(end) || !/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(port.endTimeUtc)) {
          throw new JitFailure({
            kind: "invalidInput",
            message: t(
              'endTimeUtc "{0}" of port {1} is not a UTC date and time (ISO 8601, e.g. 2030-01-01T03:00:00Z).',
              port.endTimeUtc,
              port.number,
            ),
          });
        }
        return {
          number: port.number,
          endTimeUtc: new Date(end).toISOString(),
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
