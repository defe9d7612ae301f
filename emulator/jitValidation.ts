// Body checks for PUT and initiate. Texts the real service is known to use are kept verbatim
// (docs/azure-behaviour.md); where the real text is unknown the message names the field and the rule.
import { badRequest, invalidContent } from "./armErrors.js";
import { reply, type Reply } from "./context.js";
import type { PolicyVmRecord, PortRuleRecord } from "./model.js";
import { armError, parseDuration, parseTimestamp, type NetTime } from "./wire.js";

export const NAME_LIMIT = 56;
const MIN_DURATION_MS = 5 * 60_000;
const MAX_DURATION_MS = 24 * 3_600_000;
const PROTOCOLS = new Set(["TCP", "UDP", "*"]);

export type Result<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const fail = (r: Reply): { ok: false; reply: Reply } => ({ ok: false, reply: r });

export function invalidInitiateInput(): Reply {
  return reply(400, armError("InvalidInitiateInput", "Only one of fields 'EndTimeUtc' and 'Duration' can be set."));
}

export function notSubset(policyId: string): Reply {
  return badRequest(
    `The given access request is not a subset of policy '${policyId}'. Please make sure that the access request is within the allowed policy properties.`,
  );
}

export function ipv6Rejected(): Reply {
  return badRequest(
    "The provided access request contains a source IP address in IPv6 format, which is unsupported by Just-In-Time Network Access.",
  );
}

function vmName(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

export function parsePutBody(
  body: unknown,
  policyName: string,
): Result<{ kind: string; virtualMachines: PolicyVmRecord[]; requestsEcho: unknown[] }> {
  if (!isObject(body)) return fail(invalidContent("The request body must be a JSON object"));
  if (body.kind !== undefined && typeof body.kind !== "string")
    return fail(badRequest("The field 'kind' must be a string."));
  const props = body.properties;
  if (!isObject(props)) return fail(badRequest("The field 'properties' is required and must be an object."));
  if (!Array.isArray(props.virtualMachines))
    return fail(badRequest("The field 'properties.virtualMachines' is required and must be an array."));
  const vms: PolicyVmRecord[] = [];
  for (const [i, vm] of props.virtualMachines.entries()) {
    const at = `properties.virtualMachines[${i}]`;
    if (!isObject(vm)) return fail(badRequest(`The field '${at}' must be an object.`));
    if (typeof vm.id !== "string" || !vm.id)
      return fail(badRequest(`The field '${at}.id' is required and must be a non-empty string.`));
    if (!Array.isArray(vm.ports)) return fail(badRequest(`The field '${at}.ports' is required and must be an array.`));
    if (vm.publicIpAddress !== undefined && typeof vm.publicIpAddress !== "string")
      return fail(badRequest(`The field '${at}.publicIpAddress' must be a string.`));
    if (policyName.length + vmName(vm.id).length > NAME_LIMIT)
      return fail(
        badRequest(
          `The policy name '${policyName}' and the VM name '${vmName(vm.id)}' must not exceed a total of ${NAME_LIMIT} characters.`,
        ),
      );
    const ports: PortRuleRecord[] = [];
    for (const [j, port] of vm.ports.entries()) {
      const pat = `${at}.ports[${j}]`;
      if (!isObject(port)) return fail(badRequest(`The field '${pat}' must be an object.`));
      if (!isInt(port.number) || port.number < 0 || port.number > 65535)
        return fail(badRequest(`The field '${pat}.number' must be an integer between 0 and 65535.`));
      if (typeof port.protocol !== "string" || !PROTOCOLS.has(port.protocol.toUpperCase()))
        return fail(reply(500, armError("InternalServerError", "Internal server error has occurred."))); // real answer to protocol ""
      const prefix = port.allowedSourceAddressPrefix;
      const prefixes = port.allowedSourceAddressPrefixes;
      if (prefix !== undefined && prefixes !== undefined)
        return fail(
          badRequest(
            `The fields '${pat}.allowedSourceAddressPrefix' and 'allowedSourceAddressPrefixes' are mutually exclusive.`,
          ),
        );
      if (prefix !== undefined && typeof prefix !== "string")
        return fail(badRequest(`The field '${pat}.allowedSourceAddressPrefix' must be a string.`));
      if (prefixes !== undefined && (!Array.isArray(prefixes) || !prefixes.every((x) => typeof x === "string")))
        return fail(badRequest(`The field '${pat}.allowedSourceAddressPrefixes' must be an array of strings.`));
      if (typeof port.maxRequestAccessDuration !== "string")
        return fail(
          badRequest(`The field '${pat}.maxRequestAccessDuration' is required and must be an ISO-8601 duration.`),
        );
      const ms = parseDuration(port.maxRequestAccessDuration);
      if (ms === undefined || ms < MIN_DURATION_MS || ms > MAX_DURATION_MS)
        return fail(
          badRequest(`The field '${pat}.maxRequestAccessDuration' must be an ISO-8601 duration between PT5M and P1D.`),
        );
      const rule: PortRuleRecord = {
        number: port.number,
        protocol: port.protocol,
        maxRequestAccessDuration: port.maxRequestAccessDuration,
      };
      if (typeof prefix === "string") rule.allowedSourceAddressPrefix = prefix;
      if (Array.isArray(prefixes)) rule.allowedSourceAddressPrefixes = prefixes as string[];
      ports.push(rule);
    }
    const record: PolicyVmRecord = { id: vm.id, ports };
    if (typeof vm.publicIpAddress === "string") record.publicIpAddress = vm.publicIpAddress;
    vms.push(record);
  }
  return {
    ok: true,
    value: {
      kind: typeof body.kind === "string" ? body.kind : "Basic",
      virtualMachines: vms,
      requestsEcho: Array.isArray(props.requests) ? props.requests : [],
    },
  };
}

export interface InitiatePort {
  number: number;
  prefix?: string;
  prefixes?: string[];
  endTimeUtc?: NetTime;
  durationMs?: number;
}

export interface InitiateInput {
  virtualMachines: Array<{ id: string; ports: InitiatePort[] }>;
  justification?: string;
}

/** Shape and the endTimeUtc/duration rule; the service runs these before it looks the policy up (#43491). */
export function parseInitiateBody(body: unknown): Result<InitiateInput> {
  if (!isObject(body)) return fail(invalidContent("The request body must be a JSON object"));
  if (!Array.isArray(body.virtualMachines) || body.virtualMachines.length === 0)
    return fail(badRequest("The field 'virtualMachines' is required and must be a non-empty array."));
  if (body.justification !== undefined && typeof body.justification !== "string")
    return fail(badRequest("The field 'justification' must be a string."));
  const vms: InitiateInput["virtualMachines"] = [];
  for (const [i, vm] of body.virtualMachines.entries()) {
    const at = `virtualMachines[${i}]`;
    if (!isObject(vm)) return fail(badRequest(`The field '${at}' must be an object.`));
    if (typeof vm.id !== "string" || !vm.id)
      return fail(badRequest(`The field '${at}.id' is required and must be a non-empty string.`));
    if (!Array.isArray(vm.ports) || vm.ports.length === 0)
      return fail(badRequest(`The field '${at}.ports' is required and must be a non-empty array.`));
    const ports: InitiatePort[] = [];
    for (const [j, port] of vm.ports.entries()) {
      const pat = `${at}.ports[${j}]`;
      if (!isObject(port)) return fail(badRequest(`The field '${pat}' must be an object.`));
      if (!isInt(port.number) || port.number < 0 || port.number > 65535)
        return fail(badRequest(`The field '${pat}.number' must be an integer between 0 and 65535.`));
      const hasEnd = port.endTimeUtc !== undefined && port.endTimeUtc !== null;
      const hasDuration = port.duration !== undefined && port.duration !== null;
      if (hasEnd === hasDuration) return fail(invalidInitiateInput());
      const out: InitiatePort = { number: port.number };
      if (hasEnd) {
        const t = typeof port.endTimeUtc === "string" ? parseTimestamp(port.endTimeUtc) : undefined;
        if (!t)
          return fail(
            badRequest(`The field '${pat}.endTimeUtc' must be a UTC date-time such as 2030-01-01T03:00:00Z.`),
          );
        out.endTimeUtc = t;
      } else {
        const ms = typeof port.duration === "string" ? parseDuration(port.duration) : undefined;
        if (ms === undefined)
          return fail(badRequest(`The field '${pat}.duration' must be an ISO-8601 duration such as PT1H.`));
        out.durationMs = ms;
      }
      const prefix = port.allowedSourceAddressPrefix;
      const prefixes = port.allowedSourceAddressPrefixes;
      if (prefix !== undefined && prefixes !== undefined)
        return fail(
          badRequest(
            `The fields '${pat}.allowedSourceAddressPrefix' and 'allowedSourceAddressPrefixes' are mutually exclusive.`,
          ),
        );
      if (prefix !== undefined) {
        if (typeof prefix !== "string" || !prefix)
          return fail(badRequest(`The field '${pat}.allowedSourceAddressPrefix' must be a non-empty string.`));
        out.prefix = prefix;
      }
      if (prefixes !== undefined) {
        if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((x) => typeof x === "string" && x))
          return fail(
            badRequest(`The field '${pat}.allowedSourceAddressPrefixes' must be a non-empty array of strings.`),
          );
        out.prefixes = prefixes as string[];
      }
      ports.push(out);
    }
    vms.push({ id: vm.id, ports });
  }
  const input: InitiateInput = { virtualMachines: vms };
  if (typeof body.justification === "string") input.justification = body.justification;
  return { ok: true, value: input };
}

const ANY = new Set(["*", "any", "internet", "0.0.0.0/0"]);

export function allowsAnySource(rule: PortRuleRecord): boolean {
  return allowedSources(rule).some((s) => ANY.has(s.toLowerCase()));
}

export function allowedSources(rule: PortRuleRecord): string[] {
  return (
    rule.allowedSourceAddressPrefixes ??
    (rule.allowedSourceAddressPrefix !== undefined ? [rule.allowedSourceAddressPrefix] : ["*"])
  );
}

/** A CIDR-limited port needs that exact prefix; a single IP inside the CIDR is rejected (azure-docs#53026). */
export function sourceAllowed(rule: PortRuleRecord, requested: string[]): boolean {
  if (allowsAnySource(rule)) return true;
  const allowed = new Set(allowedSources(rule).map((s) => s.toLowerCase()));
  return requested.every((s) => allowed.has(s.toLowerCase()));
}
