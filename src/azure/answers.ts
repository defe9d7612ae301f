// One schema per Azure Resource Manager answer the extension reads, checked before anything is used: an answer that
// does not fit is an error naming what was wrong and where, never an empty or partial result
// (docs/azure-behaviour.md#answers). Unknown extra fields are ignored; known fields of the wrong type are errors.
//
// Plain code rather than a schema library: valibot 1.5, the smallest candidate, costs 7,481 bytes minified for these
// shapes alone (esbuild --minify), before messages that name the field and the rule and before the conversion to
// core types, over the ~6 KiB a dependency may cost here; this module, messages and conversion included, is
// 6,773 bytes of the minified bundle (esbuild metafile).
//
// This file holds the primitives, the JIT answers and ARM's pages; resourceAnswers.ts the other resources.
import type { PolicyRef } from "../core/resourceId";
import { parsePolicyId, sameId } from "../core/resourceId";
import { t } from "../core/l10n";
import { redact } from "../core/redact";
import type { JitRequest, Policy, PolicyVm, PortRule, RequestPort } from "../core/types";
import { JitFailure } from "./errors";

export type Json = Record<string, unknown>;

/** What was wrong, where: `path` is a JSON path from the answer's root ("properties.virtualMachines[2].id"). */
export class AnswerError extends Error {
  constructor(
    readonly path: string,
    readonly problem: "missing" | "type" | "rule",
    readonly detailText: string,
  ) {
    super(detailText);
    this.name = "AnswerError";
  }
}

/** The JitFailure a caller sees: `what` names the answer ("policy default", "the policy list of subscription …"). */
export function answerFailure(what: string, e: AnswerError): JitFailure {
  const message =
    e.problem === "missing"
      ? e.path === ""
        ? t("Azure's answer for {0} was empty.", what)
        : t("Azure's answer for {0} had no {1}.", what, e.path)
      : e.path === ""
        ? t("Azure's answer for {0} is {1}.", what, e.detailText)
        : t("Azure's answer for {0}: {1} is {2}.", what, e.path, e.detailText);
  // Service-side breakage (or a proxy in the way): the Retry action is the way forward, nothing is written.
  return new JitFailure({ kind: "service", message: redact(message) });
}

/** Runs a schema and turns its AnswerError into the JitFailure for `what`. */
export function checked<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof AnswerError) throw answerFailure(what, e);
    throw e;
  }
}

// ---- primitives ----

function describe(value: unknown): string {
  if (value === undefined) return t("missing");
  if (value === null) return t("null");
  if (Array.isArray(value)) return t("a list");
  if (typeof value === "string") return value === "" ? t("an empty string") : t("a string");
  if (typeof value === "number") return t("the number {0}", Number.isFinite(value) ? value : String(value));
  if (typeof value === "boolean") return t("a boolean");
  return t("an object");
}

export const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

function wrong(path: string, value: unknown, expected: string): AnswerError {
  if (value === undefined) return new AnswerError(path, "missing", "");
  return new AnswerError(path, "type", t("{0}, not {1}", describe(value), expected));
}

export function object(value: unknown, path: string): Json {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Json;
  if (path === "" && typeof value === "string") {
    // An HTML login page, a proxy's notice, an empty body: text where JSON was due.
    throw new AnswerError("", value.trim() === "" ? "missing" : "type", t("text, not a JSON object"));
  }
  if (path === "" && value === undefined) throw new AnswerError("", "missing", "");
  throw wrong(path, value, t("an object"));
}

export function list(value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw wrong(path, value, t("a list"));
}

export function text(value: unknown, path: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw wrong(path, value, t("a non-empty string"));
}

/** Absent and null both mean "not given" in ARM answers; anything else must be a string. */
export function optionalText(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  throw wrong(path, value, t("a string"));
}

export function optionalObject(value: unknown, path: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  return object(value, path);
}

export function optionalList(value: unknown, path: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return list(value, path);
}

/** A TCP/UDP port (RFC 9293 §3.1: 16 bits; 0 is not a port a rule can name): an integer 1–65535, never "22". */
function portNumber(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
  throw wrong(path, value, t("a port number"));
}

function stringList(value: unknown, path: string): string[] | undefined {
  const items = optionalList(value, path);
  return items?.map((item, i) => {
    if (typeof item === "string") return item;
    throw wrong(join(path, i), item, t("a string"));
  });
}

/** The service uses either the single prefix or the list (mutually exclusive); core always sees a list. */
function sources(o: Json, path: string): string[] {
  const single = optionalText(o.allowedSourceAddressPrefix, join(path, "allowedSourceAddressPrefix"));
  const several = stringList(o.allowedSourceAddressPrefixes, join(path, "allowedSourceAddressPrefixes"));
  if (several && several.length) return several;
  return single ? [single] : [];
}

/**
 * The service's timestamps: ISO 8601 in UTC with 1–7 fractional digits. One without a zone is UTC (it must not be
 * read as local time, which is what Date.parse would do).
 */
function timestamp(value: unknown, path: string): number {
  if (
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)
  ) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return ms;
  }
  throw wrong(path, value, t("a UTC date and time"));
}

// ---- JIT policies (Microsoft.Security/locations/jitNetworkAccessPolicies, api-version 2020-01-01) ----

function portRule(value: unknown, path: string): PortRule {
  const o = object(value, path);
  return {
    number: portNumber(o.number, join(path, "number")),
    protocol: text(o.protocol, join(path, "protocol")),
    allowedSourceAddressPrefixes: sources(o, path),
    maxRequestAccessDuration: text(o.maxRequestAccessDuration, join(path, "maxRequestAccessDuration")),
  };
}

function policyVm(value: unknown, path: string): PolicyVm {
  const o = object(value, path);
  const vm: PolicyVm = {
    id: text(o.id, join(path, "id")),
    ports: list(o.ports, join(path, "ports")).map((p, i) => portRule(p, join(join(path, "ports"), i))),
  };
  const publicIp = optionalText(o.publicIpAddress, join(path, "publicIpAddress"));
  if (publicIp) vm.publicIpAddress = publicIp;
  return vm;
}

/** One request (a grant and its ports), as in a policy's `requests` and in the initiate 202's body. */
export function parseRequest(value: unknown, path = ""): JitRequest {
  const o = object(value, path);
  const vmsPath = join(path, "virtualMachines");
  const request: JitRequest = {
    virtualMachines: list(o.virtualMachines, vmsPath).map((v, i) => {
      const vmPath = join(vmsPath, i);
      const vm = object(v, vmPath);
      const portsPath = join(vmPath, "ports");
      return {
        id: text(vm.id, join(vmPath, "id")),
        ports: list(vm.ports, portsPath).map((p, j) => requestPort(p, join(portsPath, j))),
      };
    }),
    startTimeUtc: timestamp(o.startTimeUtc, join(path, "startTimeUtc")),
    requestor: optionalText(o.requestor, join(path, "requestor")) ?? "",
  };
  const justification = optionalText(o.justification, join(path, "justification"));
  if (justification !== undefined) request.justification = justification;
  return request;
}

function requestPort(value: unknown, path: string): RequestPort {
  const o = object(value, path);
  const port: RequestPort = {
    number: portNumber(o.number, join(path, "number")),
    allowedSourceAddressPrefixes: sources(o, path),
    endTimeUtc: timestamp(o.endTimeUtc, join(path, "endTimeUtc")),
    status: optionalText(o.status, join(path, "status")) ?? "",
    statusReason: optionalText(o.statusReason, join(path, "statusReason")) ?? "",
  };
  if (o.mappedPort !== undefined && o.mappedPort !== null)
    port.mappedPort = portNumber(o.mappedPort, join(path, "mappedPort"));
  return port;
}

export interface ParsedPolicy {
  policy: Policy;
  /** Requests that did not validate and were left out, with why (the VMs and ports all validated). */
  droppedRequests: AnswerError[];
}

/**
 * A policy as the wire has it (`properties` wrapper). Its identity, VMs and ports must all validate: they are what
 * protection and every read-modify-write depend on. Its `requests` are history (who has access until when); one
 * request that does not validate is left out and reported in `droppedRequests` instead of hiding the whole
 * policy, and with it the protection of its VMs (docs/azure-behaviour.md#answers).
 */
export function parsePolicy(value: unknown, path = "", expected?: PolicyRef): ParsedPolicy {
  const o = object(value, path);
  const id = text(o.id, join(path, "id"));
  const ref = parsePolicyId(id);
  if (!ref) throw new AnswerError(join(path, "id"), "rule", t("not the id of a JIT policy"));
  if (
    expected &&
    !(
      sameId(ref.subscriptionId, expected.subscriptionId) &&
      sameId(ref.resourceGroup, expected.resourceGroup) &&
      sameId(ref.location, expected.location) &&
      sameId(ref.name, expected.name)
    )
  ) {
    // Another policy's VMs written back under this one's name would replace its whole VM list.
    throw new AnswerError(join(path, "id"), "rule", t("the id of another policy"));
  }
  const name = optionalText(o.name, join(path, "name")) || ref.name;
  const location = optionalText(o.location, join(path, "location")) || ref.location;
  const propsPath = join(path, "properties");
  const p = object(o.properties, propsPath);
  const vmsPath = join(propsPath, "virtualMachines");
  const virtualMachines = list(p.virtualMachines, vmsPath).map((vm, i) => policyVm(vm, join(vmsPath, i)));
  const droppedRequests: AnswerError[] = [];
  const requests: JitRequest[] = [];
  const requestsPath = join(propsPath, "requests");
  try {
    const raw = optionalList(p.requests, requestsPath) ?? [];
    raw.forEach((r, i) => {
      try {
        requests.push(parseRequest(r, join(requestsPath, i)));
      } catch (e) {
        if (e instanceof AnswerError) droppedRequests.push(e);
        else throw e;
      }
    });
  } catch (e) {
    if (e instanceof AnswerError) droppedRequests.push(e);
    else throw e;
  }
  const policy: Policy = {
    id,
    name,
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    location,
    virtualMachines,
    requests,
  };
  const kind = optionalText(o.kind, join(path, "kind"));
  if (kind !== undefined) policy.kind = kind;
  const state = optionalText(p.provisioningState, join(propsPath, "provisioningState"));
  if (state !== undefined) policy.provisioningState = state;
  return { policy, droppedRequests };
}

// ---- pages ----

export interface Page {
  value: unknown[];
  nextLink?: string;
}

/** `{ value: [...], nextLink?: string | null }`, the shape of every ARM list. */
export function parsePage(value: unknown): Page {
  const o = object(value, "");
  const page: Page = { value: list(o.value, "value") };
  const next = optionalText(o.nextLink, "nextLink");
  if (next) page.nextLink = next;
  return page;
}
