// Planning of JIT policy writes. PUT replaces the policy's whole VM list (docs/azure-behaviour.md#put-replaces-the-whole-vm-list), so every write
// is read → change → write, and the change is computed here against the list just read: VMs and ports the
// user did not touch are carried over untouched, whoever added them.
import { validatePolicyDuration } from "./duration";
import { osKind, parseAllowedSources, portAudience, PROTOCOLS } from "./portRules";
import { t } from "./l10n";
import { sameId, vmNameFromId } from "./resourceId";
import { MAX_POLICY_PLUS_VM_NAME } from "./requestPlan";
import type { PolicyVm, PortRule } from "./types";

/** The policy name the portal uses for the one policy per resource group and location. */
export const DEFAULT_POLICY_NAME = "default";

export interface PortFieldError {
  field: "number" | "protocol" | "sources" | "duration" | "ports" | "name" | "vm";
  vmId?: string;
  port?: number;
  message: string;
}

/**
 * The enable edit of each selected VM from the ports saved in the shared form (see portAudience). A VM whose OS is
 * unknown gets every port, as recommendedPorts shows it both SSH and RDP. A VM left with no port is an error:
 * enabling it would write nothing for it.
 */
export function planEnable(
  targets: Array<{ id: string; osType?: string }>,
  ports: PortRule[],
): { edits: VmEdit[]; errors: PortFieldError[] } {
  const osTypes = targets.map((target) => target.osType);
  const edits = targets.map((target) => {
    const os = osKind(target.osType);
    const own = ports.filter((port) => {
      const audience = portAudience(port.number, osTypes);
      return audience === undefined || os === undefined || audience === os;
    });
    return enableEdit(target.id, own);
  });
  const errors = edits
    .filter((edit) => edit.after.length === 0 && ports.length > 0)
    .map((edit): PortFieldError => ({
      field: "ports",
      vmId: edit.vmId,
      message: t(
        'VM "{0}" would get no port: in a selection of Linux and Windows VMs, 22 goes only to the Linux VMs and 3389, 5985 and 5986 only to the Windows VMs. Add a port for it.',
        vmNameFromId(edit.vmId),
      ),
    }));
  return { edits, errors };
}

/** Every problem of one VM's port list, each naming its field and rule. */
export function validatePorts(ports: PortRule[], vmId?: string): PortFieldError[] {
  const errors: PortFieldError[] = [];
  const seen = new Set<number>();
  for (const port of ports) {
    const at = { ...(vmId === undefined ? {} : { vmId }), port: port.number };
    if (!Number.isInteger(port.number) || port.number < 1 || port.number > 65535) {
      errors.push({
        field: "number",
        ...at,
        message: t("Port {0}: enter a whole number from 1 to 65535.", port.number),
      });
    } else if (seen.has(port.number)) {
      errors.push({
        field: "number",
        ...at,
        message: t("Port {0} is listed twice; each port may appear once per VM.", port.number),
      });
    }
    seen.add(port.number);
    if (!(PROTOCOLS as readonly string[]).includes(port.protocol)) {
      errors.push({
        field: "protocol",
        ...at,
        message: t("Port {0}: protocol must be TCP, UDP or Any (*).", port.number),
      });
    }
    const sources = parseAllowedSources(port.allowedSourceAddressPrefixes.join(","));
    if (!sources.ok) errors.push({ field: "sources", ...at, message: t("Port {0}: {1}", port.number, sources.error) });
    const duration = validatePolicyDuration(port.maxRequestAccessDuration);
    if (duration !== undefined) {
      errors.push({
        field: "duration",
        ...at,
        message: t("Port {0}: maximum request time: {1}", port.number, duration),
      });
    }
  }
  return errors;
}

/** The 56-character rule of policy name + VM name, checked before anything is sent. */
export function validateNameLength(policyName: string, vmId: string): string | undefined {
  const vmName = vmNameFromId(vmId);
  const total = policyName.length + vmName.length;
  if (total > MAX_POLICY_PLUS_VM_NAME) {
    return t(
      'VM "{0}": policy name "{1}" plus VM name is {2} characters; JIT allows at most {3} (the NSG rule description limit).',
      vmName,
      policyName,
      total,
      MAX_POLICY_PLUS_VM_NAME,
    );
  }
  return undefined;
}

/**
 * Validates a write before it is sent. Only rules the user added or changed are checked field by field (a rule
 * already on the service, e.g. with a service tag as source, must not block an unrelated edit); duplicates are
 * checked over the whole list; the 56-character rule applies when a VM is added to the policy.
 */
export function validateVmEdits(policyName: string, edits: VmEdit[]): PortFieldError[] {
  const errors: PortFieldError[] = [];
  for (const edit of edits) {
    if (edit.after.length > 0 && edit.before.length === 0) {
      const name = validateNameLength(policyName, edit.vmId);
      if (name !== undefined) errors.push({ field: "name", vmId: edit.vmId, message: name });
    }
    const unchanged = new Set(edit.before.map(portKey));
    errors.push(
      ...validatePorts(
        edit.after.filter((p) => !unchanged.has(portKey(p))),
        edit.vmId,
      ),
    );
    const seen = new Set<number>();
    for (const port of edit.after) {
      if (seen.has(port.number) && !errors.some((e) => e.port === port.number && e.field === "number")) {
        errors.push({
          field: "number",
          vmId: edit.vmId,
          port: port.number,
          message: t("Port {0} is listed twice; each port may appear once per VM.", port.number),
        });
      }
      seen.add(port.number);
    }
  }
  return errors;
}

function portKey(port: PortRule): string {
  return JSON.stringify([port.number, port.protocol, port.allowedSourceAddressPrefixes, port.maxRequestAccessDuration]);
}

/**
 * One VM's change as the user made it in the form: the ports shown (`before`, empty when enabling) and the ports
 * saved (`after`, empty to remove the VM). Applied as a three-way merge onto the freshly read list: only what the
 * user added, changed or removed relative to `before` is applied, so whatever another writer did meanwhile to the
 * rest (narrowed a source, removed a port, added one) survives.
 */
export interface VmEdit {
  vmId: string;
  before: PortRule[];
  after: PortRule[];
}

export type WritePlan =
  | { kind: "put"; virtualMachines: PolicyVm[] }
  /** The policy would be left without VMs: delete it instead of writing an empty policy. */
  | { kind: "delete" }
  /** Nothing changes: no write. */
  | { kind: "none" }
  /**
   * VMs the user edited were removed from the policy by someone else since the form was filled. Writing would
   * silently re-add them, so nothing is written: the user refreshes and decides again.
   */
  | { kind: "vmRemoved"; vmIds: string[] };

export function mergeVmPorts(current: PortRule[], edit: VmEdit): PortRule[] {
  const before = new Map(edit.before.map((p) => [p.number, p]));
  const after = new Map(edit.after.map((p) => [p.number, p]));
  const result: PortRule[] = [];
  const placed = new Set<number>();
  for (const port of current) {
    const shown = before.get(port.number);
    const saved = after.get(port.number);
    if (saved === undefined) {
      // Not in the form (someone else added it) stays; shown and then removed by the user goes.
      if (shown === undefined) result.push(port);
      continue;
    }
    placed.add(port.number);
    if (shown === undefined) result.push(clonePort(saved));
    else result.push(changedFields(port, shown, saved));
  }
  for (const port of edit.after) {
    if (placed.has(port.number)) continue;
    const shown = before.get(port.number);
    // Removed by someone else: it comes back only if the user changed it (their explicit setting).
    if (shown !== undefined && portKey(shown) === portKey(port)) continue;
    result.push(clonePort(port));
  }
  return result;
}

/** The rule as it is now, with only the fields the user changed in the form taken from the form. */
function changedFields(current: PortRule, shown: PortRule, saved: PortRule): PortRule {
  const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  return {
    ...current,
    protocol: changed(shown.protocol, saved.protocol) ? saved.protocol : current.protocol,
    allowedSourceAddressPrefixes: [
      ...(changed(shown.allowedSourceAddressPrefixes, saved.allowedSourceAddressPrefixes)
        ? saved.allowedSourceAddressPrefixes
        : current.allowedSourceAddressPrefixes),
    ],
    maxRequestAccessDuration: changed(shown.maxRequestAccessDuration, saved.maxRequestAccessDuration)
      ? saved.maxRequestAccessDuration
      : current.maxRequestAccessDuration,
  };
}

/**
 * The list to PUT, given the list just read (`undefined` when the policy does not exist yet). VMs not named in
 * `edits` are copied as they are, including their firewall public IP and any port rule this extension does not edit.
 */
export function planPolicyWrite(current: PolicyVm[] | undefined, edits: VmEdit[]): WritePlan {
  const vms: PolicyVm[] = (current ?? []).map((vm) => ({ ...vm, ports: [...vm.ports] }));
  const removedMeanwhile: string[] = [];
  for (const edit of edits) {
    const index = vms.findIndex((vm) => sameId(vm.id, edit.vmId));
    const existing = index >= 0 ? (vms[index] as PolicyVm) : undefined;
    const ports = mergeVmPorts(existing?.ports ?? [], edit);
    if (!existing && edit.before.length > 0) {
      // Edited, but gone from the policy by now: re-adding it would undo someone's Disable.
      if (ports.length > 0) removedMeanwhile.push(edit.vmId);
      continue;
    }
    if (existing && ports.length === 0) vms.splice(index, 1);
    else if (existing) vms[index] = { ...existing, ports };
    else if (ports.length > 0) vms.push({ id: edit.vmId, ports });
  }
  if (removedMeanwhile.length > 0) return { kind: "vmRemoved", vmIds: removedMeanwhile };
  if (current !== undefined && samePolicyVms(current, vms)) return { kind: "none" };
  if (vms.length === 0) return current === undefined ? { kind: "none" } : { kind: "delete" };
  return { kind: "put", virtualMachines: vms };
}

/** Enabling: the VM gets `ports`; if it is already in the policy (someone was quicker), its other ports stay. */
export function enableEdit(vmId: string, ports: PortRule[]): VmEdit {
  return { vmId, before: [], after: ports };
}

/** Disabling removes the whole VM entry from the list just read, whatever ports it has by now. */
export function planDisable(current: PolicyVm[] | undefined, vmIds: string[]): WritePlan {
  if (current === undefined) return { kind: "none" };
  const vms = current.filter((vm) => !vmIds.some((id) => sameId(id, vm.id)));
  if (vms.length === current.length) return { kind: "none" };
  return vms.length === 0 ? { kind: "delete" } : { kind: "put", virtualMachines: vms };
}

/** The policy whose VM list already holds this VM: a VM belongs in one policy only (docs/azure-behaviour.md#a-vm-belongs-to-one-policy). */
export function policyCovering<P extends { virtualMachines: PolicyVm[] }>(policies: P[], vmId: string): P | undefined {
  return policies.find((p) => p.virtualMachines.some((vm) => sameId(vm.id, vmId)));
}

function clonePort(port: PortRule): PortRule {
  return { ...port, allowedSourceAddressPrefixes: [...port.allowedSourceAddressPrefixes] };
}

function samePolicyVms(a: PolicyVm[], b: PolicyVm[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
