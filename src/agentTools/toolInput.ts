// The tools' inputs as the model passes them: everything the model passes is untrusted, so each field is checked here
// and a refusal names the field and the rule.
import { t } from "../core/l10n";
import { isAnySource } from "../core/sourceAddress";
import { MAX_TEXT_FIELD, TOOL_PORT_STATES, type ToolPortState } from "./toolNames";

export interface ListFilter {
  name?: string;
  subscription?: string;
  state?: ToolPortState;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

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

export interface VmQuery {
  vm: string;
  subscription?: string;
  resourceGroup?: string;
}

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
