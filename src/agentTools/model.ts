// What the Copilot agent tools read and decide, without `vscode`: the listing and its filters, finding the VMs a
// request names, and the request itself built with the request form's own rules (src/requestForm/formModel.ts), so a
// request through the tool is the request the form would send for the same choice. Everything the model passes in
// is untrusted: each field is checked here and a refusal names the field and the rule.
import { portAccess, type Me } from "../core/accessState";
import { firewallPortUnknown } from "../core/connectAddress";
import { humanDuration, MAX_ACCESS_MS, MIN_ACCESS_MS, MINUTE_MS } from "../core/duration";
import { t } from "../core/l10n";
import type { AccessChoice, FieldError } from "../core/requestPlan";
import { vmNameFromId, sameId } from "../core/resourceId";
import { isAnySource } from "../core/sourceAddress";
import type { InitiateBody, Policy, PolicyVm, Subscription } from "../core/types";
import {
  adviseSource,
  checkValues,
  defaultDurationMs,
  portMaxMs,
  preferredPort,
  selectionMaxMs,
} from "../requestForm/formModel";
import type { FormSettings, FormValues } from "../requestForm/protocol";

export { TOOL } from "../core/contributionIds";

/** What the listing reports per port, as the model reads it. */
export type ToolPortState = "open" | "opening" | "closed";
export const TOOL_PORT_STATES: readonly ToolPortState[] = ["open", "opening", "closed"];
/** At most this many ports in one listing: the model is told to filter when there are more. */
export const MAX_LISTED_PORTS = 200;
const MAX_TEXT_FIELD = 1000;

export interface ListedPort {
  vm: string;
  vmId: string;
  subscription: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  policy: string;
  port: number;
  protocol: string;
  /** For this user: "open"/"opening" only when a request of theirs keeps it so. */
  state: ToolPortState;
  /** ISO 8601 UTC, while open or opening. */
  endsAt?: string;
  minutesLeft?: number;
  /** The longest request the port allows, ISO 8601 ("PT3H"), capped at a day as requests are. */
  maxDuration: string;
  maxMinutes?: number;
  allowedSources: string[];
  /** Someone else's request keeps the port open for their sources only (not for this user). */
  openForOthers?: boolean;
}

export interface ListFilter {
  name?: string;
  subscription?: string;
  state?: ToolPortState;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function optionalText(input: Record<string, unknown>, field: string, errors: string[]): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    errors.push(t("{0}: must be a string.", field));
    return undefined;
  }
  if (value.length > MAX_TEXT_FIELD) {
    errors.push(t("{0}: at most {1} characters.", field, MAX_TEXT_FIELD));
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function asObject(input: unknown): Record<string, unknown> | undefined {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : undefined;
}

export function parseListInput(input: unknown): Checked<ListFilter> {
  const o = asObject(input ?? {});
  if (!o) return { ok: false, errors: [t("The input must be an object.")] };
  const errors: string[] = [];
  const name = optionalText(o, "name", errors);
  const subscription = optionalText(o, "subscription", errors);
  const stateText = optionalText(o, "state", errors);
  let state: ToolPortState | undefined;
  if (stateText !== undefined && stateText.toLowerCase() !== "any") {
    const found = TOOL_PORT_STATES.find((s) => s === stateText.toLowerCase());
    if (found) state = found;
    else errors.push(t("state: must be one of {0}.", [...TOOL_PORT_STATES, "any"].join(", ")));
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { name, subscription, state } };
}

function subscriptionMatches(
  filter: string | undefined,
  policy: Policy,
  subscriptions: readonly Subscription[],
): boolean {
  if (filter === undefined) return true;
  const f = filter.toLowerCase();
  if (policy.subscriptionId.toLowerCase() === f) return true;
  const name = subscriptions.find((s) => sameId(s.subscriptionId, policy.subscriptionId))?.displayName ?? "";
  return name.toLowerCase() === f;
}

function subscriptionName(policy: Policy, subscriptions: readonly Subscription[]): string {
  return (
    subscriptions.find((s) => sameId(s.subscriptionId, policy.subscriptionId))?.displayName || policy.subscriptionId
  );
}

/** Every port of every VM the user can request, filtered, with its state for `me` at `serverNowMs`. */
export function listPorts(
  policies: readonly Policy[],
  subscriptions: readonly Subscription[],
  filter: ListFilter,
  serverNowMs: number,
  me: Me,
): { ports: ListedPort[]; total: number } {
  const ports: ListedPort[] = [];
  let total = 0;
  const name = filter.name?.toLowerCase();
  for (const policy of policies) {
    if (!subscriptionMatches(filter.subscription, policy, subscriptions)) continue;
    for (const vm of policy.virtualMachines) {
      const vmName = vmNameFromId(vm.id) || vm.id;
      if (name !== undefined && !vmName.toLowerCase().includes(name)) continue;
      for (const rule of vm.ports) {
        const access = portAccess(policy, vm.id, rule.number, serverNowMs, me);
        const state: ToolPortState = access.kind === "open" ? "open" : access.kind === "opening" ? "opening" : "closed";
        if (filter.state !== undefined && filter.state !== state) continue;
        total++;
        if (ports.length >= MAX_LISTED_PORTS) continue;
        const max = portMaxMs(rule);
        const live = state !== "closed" && access.endTimeUtc !== undefined && Number.isFinite(access.endTimeUtc);
        ports.push({
          vm: vmName,
          vmId: vm.id,
          subscription: subscriptionName(policy, subscriptions),
          subscriptionId: policy.subscriptionId,
          resourceGroup: policy.resourceGroup,
          location: policy.location,
          policy: policy.name,
          port: rule.number,
          protocol: rule.protocol,
          state,
          ...(live
            ? {
                endsAt: new Date(access.endTimeUtc as number).toISOString(),
                minutesLeft: Math.max(0, Math.ceil((access.remainingMs ?? 0) / MINUTE_MS)),
              }
            : {}),
          maxDuration: rule.maxRequestAccessDuration,
          ...(max !== undefined ? { maxMinutes: Math.floor(max / MINUTE_MS) } : {}),
          allowedSources: [...rule.allowedSourceAddressPrefixes],
          ...((access.others?.length ?? 0) > 0 ? { openForOthers: true } : {}),
        });
      }
    }
  }
  return { ports, total };
}

// ---- finding the VMs a request names ----

export interface VmQuery {
  vm: string;
  subscription?: string;
  resourceGroup?: string;
}

export type FoundVm = { ok: true; policy: Policy; vm: PolicyVm } | { ok: false; error: string };

/** The one VM with a JIT policy that `query` names (its name or full id), or why there is none or more than one. */
export function findVm(policies: readonly Policy[], subscriptions: readonly Subscription[], query: VmQuery): FoundVm {
  const wanted = query.vm.trim();
  const byId = wanted.startsWith("/");
  const hits: Array<{ policy: Policy; vm: PolicyVm }> = [];
  for (const policy of policies) {
    if (!subscriptionMatches(query.subscription, policy, subscriptions)) continue;
    if (query.resourceGroup !== undefined && policy.resourceGroup.toLowerCase() !== query.resourceGroup.toLowerCase())
      continue;
    for (const vm of policy.virtualMachines) {
      const match = byId ? sameId(vm.id, wanted) : (vmNameFromId(vm.id) || "").toLowerCase() === wanted.toLowerCase();
      if (match) hits.push({ policy, vm });
    }
  }
  if (hits.length === 1) return { ok: true, ...hits[0] };
  if (hits.length === 0) {
    return {
      ok: false,
      error: t(
        'vm: no VM named "{0}" has a JIT policy in the selected subscriptions{1}. Call azure-jit_listAccess to see the names.',
        wanted,
        query.subscription ? t(" (subscription {0})", query.subscription) : "",
      ),
    };
  }
  const where = hits.map((h) => `${subscriptionName(h.policy, subscriptions)}/${h.policy.resourceGroup}`).join(", ");
  return {
    ok: false,
    error: t(
      'vm: "{0}" names {1} VMs ({2}): give subscription and resourceGroup, or the VM\'s full id.',
      wanted,
      hits.length,
      where,
    ),
  };
}

// ---- the request ----

export interface RequestTarget extends VmQuery {
  ports?: number[];
}

export interface RequestInput {
  targets: RequestTarget[];
  durationMinutes?: number;
  source?: string;
  justification?: string;
}

export function parseRequestInput(input: unknown): Checked<RequestInput> {
  const o = asObject(input);
  if (!o) return { ok: false, errors: [t("The input must be an object.")] };
  const errors: string[] = [];
  const targets: RequestTarget[] = [];
  const raw = o.targets;
  if (!Array.isArray(raw) || raw.length === 0)
    errors.push(t('targets: give at least one VM, as [{ "vm": "web-02", "ports": [22] }].'));
  else if (raw.length > 20) errors.push(t("targets: at most {0} VMs in one request.", 20));
  else {
    raw.forEach((item, i) => {
      const target = asObject(item);
      const at = `targets[${i}]`;
      if (!target) {
        errors.push(t("{0}: must be an object with a vm.", at));
        return;
      }
      const itemErrors: string[] = [];
      const vm = optionalText(target, "vm", itemErrors);
      const subscription = optionalText(target, "subscription", itemErrors);
      const resourceGroup = optionalText(target, "resourceGroup", itemErrors);
      if (vm === undefined && itemErrors.length === 0) itemErrors.push(t("vm: the VM's name is required."));
      let ports: number[] | undefined;
      if (target.ports !== undefined && target.ports !== null) {
        if (!Array.isArray(target.ports) || !target.ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)) {
          itemErrors.push(t("ports: must be a list of port numbers from 1 to 65535."));
        } else if (target.ports.length > 0) ports = [...new Set(target.ports as number[])];
      }
      errors.push(...itemErrors.map((e) => `${at}.${e}`));
      if (itemErrors.length === 0 && vm !== undefined) targets.push({ vm, subscription, resourceGroup, ports });
    });
  }
  let durationMinutes: number | undefined;
  if (o.durationMinutes !== undefined && o.durationMinutes !== null) {
    const d = o.durationMinutes;
    if (typeof d !== "number" || !Number.isInteger(d))
      errors.push(t("durationMinutes: must be a whole number of minutes."));
    else durationMinutes = d;
  }
  const source = optionalText(o, "source", errors);
  const justification = optionalText(o, "justification", errors);
  if (source !== undefined && isAnySource(source)) {
    errors.push(
      t(
        'source: "{0}" would let any address on the internet connect; these tools never request that. Leave source out to use the caller\'s public IP, or give one address or CIDR range.',
        source,
      ),
    );
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, value: { targets, durationMinutes, source, justification } };
}

/** One initiate: one policy, the VMs and ports the request names in it, and what the form would send for them. */
export interface ToolRequest {
  policy: Policy;
  subscription: string;
  choice: AccessChoice;
  /** The initiate body the form's checkValues planned for the choice at the plan's server time. */
  body: InitiateBody;
  values: FormValues;
  /** Why the source is not the caller's public IP, when the port only accepts a given range. */
  sourceReason?: string;
}

export type RequestPlanResult = { ok: true; requests: ToolRequest[] } | { ok: false; errors: string[] };

function describeFieldError(e: FieldError): string {
  const where = e.vmId ? ` (${vmNameFromId(e.vmId)}${e.port !== undefined ? ` port ${e.port}` : ""})` : "";
  return `${e.field}${where}: ${e.message}`;
}

/**
 * The request the form would send for the same choice: its preselected port (one, the usual remote-shell one),
 * its source (the caller's public IP unless the port only accepts a range), its default duration clamped to the
 * ports' maximum, its justification template, validated by the form's own rules. Nothing here sends anything.
 */
export function planToolRequest(
  input: RequestInput,
  policies: readonly Policy[],
  subscriptions: readonly Subscription[],
  settings: FormSettings,
  serverNowMs: number,
): RequestPlanResult {
  const errors: string[] = [];
  const groups: Array<{ policy: Policy; vms: FormValues["vms"] }> = [];
  input.targets.forEach((target, i) => {
    const found = findVm(policies, subscriptions, target);
    if (!found.ok) {
      errors.push(`targets[${i}].${found.error}`);
      return;
    }
    const ports = target.ports ?? [preferredPort(found.vm)].filter((p): p is number => p !== undefined);
    let group = groups.find((g) => sameId(g.policy.id, found.policy.id));
    if (!group) groups.push((group = { policy: found.policy, vms: [] }));
    group.vms.push({ vmId: found.vm.id, ports });
  });
  if (input.durationMinutes !== undefined) {
    const ms = input.durationMinutes * MINUTE_MS;
    if (ms < MIN_ACCESS_MS || ms > MAX_ACCESS_MS)
      errors.push(t("durationMinutes: must be from {0} to {1}.", MIN_ACCESS_MS / MINUTE_MS, MAX_ACCESS_MS / MINUTE_MS));
  }
  if (errors.length) return { ok: false, errors };

  const requests: ToolRequest[] = [];
  for (const { policy, vms } of groups) {
    const advice = adviseSource(policy, vms);
    const values: FormValues = {
      vms,
      source: input.source !== undefined ? { kind: "custom", text: input.source } : advice.source,
      durationMs:
        input.durationMinutes !== undefined
          ? input.durationMinutes * MINUTE_MS
          : defaultDurationMs(settings.defaultDuration, selectionMaxMs(policy, vms)),
      justification: input.justification ?? settings.justificationTemplate,
      confirmAnySource: false,
    };
    const checked = checkValues(policy, values, settings, serverNowMs);
    if (!checked.ok) {
      errors.push(...checked.errors.map(describeFieldError));
      continue;
    }
    requests.push({
      policy,
      subscription: subscriptionName(policy, subscriptions),
      choice: checked.choice,
      body: checked.body,
      values,
      ...(input.source === undefined && advice.reason ? { sourceReason: advice.reason } : {}),
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, requests };
}

/** "port 22 of web-02" lines of one planned request. */
function portsText(request: ToolRequest): string {
  return request.choice.vms.map((vm) => t("port {0} of {1}", vm.ports.join(", "), vmNameFromId(vm.vmId))).join("; ");
}

function sourceText(request: ToolRequest): string {
  return request.choice.source === undefined ? t("your public IP address (Azure fills it in)") : request.choice.source;
}

/** What will open, from where, for how long: the confirmation the user answers before anything is sent. */
export function confirmationText(requests: readonly ToolRequest[], serverNowMs: number): string {
  return requests
    .map((r) => {
      const until = new Date(serverNowMs + r.choice.durationMs).toISOString().slice(11, 16);
      const lines = [
        t(
          "Open {0} — from {1} — for {2} (until about {3} UTC).",
          portsText(r),
          sourceText(r),
          humanDuration(r.choice.durationMs),
          until,
        ),
        t("Policy {0}, resource group {1}, subscription {2}.", r.policy.name, r.policy.resourceGroup, r.subscription),
      ];
      if (r.sourceReason) lines.push(r.sourceReason);
      if (r.choice.justification) lines.push(t("Justification: {0}", r.choice.justification));
      return lines.join("\n");
    })
    .join("\n\n");
}

/** Field errors in words the model can act on: what to change, and that nothing was sent. */
export function refusalText(errors: readonly string[]): string {
  return [t("Nothing was requested. Fix these fields and call the tool again:"), ...errors.map((e) => `- ${e}`)].join(
    "\n",
  );
}

// ---- connection details ----

export interface ConnectionQuery extends VmQuery {
  port?: number;
}

export function parseConnectionInput(input: unknown): Checked<ConnectionQuery> {
  const o = asObject(input);
  if (!o) return { ok: false, errors: [t("The input must be an object.")] };
  const errors: string[] = [];
  const vm = optionalText(o, "vm", errors);
  const subscription = optionalText(o, "subscription", errors);
  const resourceGroup = optionalText(o, "resourceGroup", errors);
  if (vm === undefined && errors.length === 0) errors.push(t("vm: the VM's name is required."));
  let port: number | undefined;
  if (o.port !== undefined && o.port !== null) {
    if (!Number.isInteger(o.port) || (o.port as number) < 1 || (o.port as number) > 65535)
      errors.push(t("port: must be a port number from 1 to 65535."));
    else port = o.port as number;
  }
  return errors.length || vm === undefined
    ? { ok: false, errors }
    : { ok: true, value: { vm, subscription, resourceGroup, port } };
}

/** The port to describe: the one asked for, else the VM's one open port, else its usual remote-shell port. */
export function connectionPort(
  policy: Policy,
  vm: PolicyVm,
  asked: number | undefined,
  serverNowMs: number,
  me: Me,
): { ok: true; port: number } | { ok: false; error: string } {
  const name = vmNameFromId(vm.id);
  if (asked !== undefined) {
    return vm.ports.some((p) => p.number === asked)
      ? { ok: true, port: asked }
      : {
          ok: false,
          error: t(
            "port: {0} has no JIT rule for port {1}; its ports are {2}.",
            name,
            asked,
            vm.ports.map((p) => p.number).join(", "),
          ),
        };
  }
  const open = vm.ports.filter((p) => portAccess(policy, vm.id, p.number, serverNowMs, me).kind === "open");
  const pick = open.length === 1 ? open[0].number : preferredPort(vm);
  return pick === undefined
    ? { ok: false, error: t("port: {0} has no ports in its JIT policy.", name) }
    : { ok: true, port: pick };
}

/** Whether a firewall port is not known yet (closed, or opening before Azure reports its mapping). */
export function mappingUnknown(vm: PolicyVm, accessKind: string, mappedPort: number | undefined): boolean {
  return firewallPortUnknown({ firewallIp: vm.publicIpAddress, accessKind, mappedPort });
}
