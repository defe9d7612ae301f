// Read → plan → write of one policy, without vscode so the integration tests drive exactly this against the
// emulator. The plan comes from core (src/core/policyEdit.ts); a policy that would be left with no VM is deleted
// rather than written empty, but only when the user was told so before confirming.
import { isJitFailure, JitFailure } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { requiredPermissions, type JitError } from "../core/errors";
import { t } from "../core/l10n";
import { planDisable, planPolicyWrite, validateVmEdits, type VmEdit, type WritePlan } from "../core/policyEdit";
import { sameId, vmNameFromId, type PolicyRef } from "../core/resourceId";
import type { Policy } from "../core/types";

export type WriteOutcome = { kind: "put"; policy: Policy } | { kind: "delete" } | { kind: "none" };

type WriteApi = Pick<JitApi, "getPolicy" | "putPolicy" | "deletePolicy">;

export interface WriteOptions {
  /**
   * The user confirmed that this write may delete the policy (and its request history). Without it, a plan that
   * empties the policy — because others removed the remaining VMs meanwhile — stops with a WriteConflict.
   */
  mayDelete?: boolean;
}

/** The policy changed since the user confirmed in a way that makes the write no longer what they agreed to. */
export class WriteConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WriteConflict";
  }
}

/** Applies port edits (enable, edit, remove) to the policy as it is now on the service. */
export async function applyVmEdits(
  api: WriteApi,
  ref: PolicyRef,
  edits: VmEdit[],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const problems = validateVmEdits(ref.name, edits);
  if (problems.length > 0) {
    throw new JitFailure({ kind: "invalidInput", message: problems.map((p) => p.message).join("\n") });
  }
  const removed: Removals = {
    vms: [],
    ports: edits.map((e) => ({
      vmId: e.vmId,
      numbers: e.before.filter((b) => !e.after.some((a) => a.number === b.number)).map((b) => b.number),
    })),
  };
  return write(api, ref, options, (current) => planPolicyWrite(current?.virtualMachines, edits), removed);
}

/** Removes VMs from the policy as it is now; the last VM out deletes the policy. */
export async function removeVms(
  api: WriteApi,
  ref: PolicyRef,
  vmIds: string[],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  return write(api, ref, options, (current) => planDisable(current?.virtualMachines, vmIds), { vms: vmIds, ports: [] });
}

/**
 * Deletes the policy. With `confirmedVmIds` (the VMs the confirmation listed) it re-reads first and stops if a VM
 * joined since: deleting would drop its protection without the user having seen it.
 */
export async function deletePolicy(api: WriteApi, ref: PolicyRef, confirmedVmIds?: string[]): Promise<WriteOutcome> {
  if (confirmedVmIds !== undefined) {
    const current = await readOrUndefined(api, ref);
    if (current === undefined) return { kind: "none" };
    const unseen = current.virtualMachines.filter((vm) => !confirmedVmIds.some((id) => sameId(id, vm.id)));
    if (unseen.length > 0) {
      throw new WriteConflict(
        t(
          "VMs joined the policy after you confirmed: {0}. Nothing was deleted; run Delete JIT Policy again to review the current VMs.",
          unseen.map((vm) => vmNameFromId(vm.id)).join(", "),
        ),
      );
    }
  }
  await refusalNamed("delete", () => api.deletePolicy(ref));
  return { kind: "delete" };
}

/** What the user chose to remove: whole VMs, and port numbers of VMs they edited. */
interface Removals {
  vms: string[];
  ports: Array<{ vmId: string; numbers: number[] }>;
}

/**
 * The PUT replaces the whole VM list (docs/azure-behaviour.md#put-replaces): a VM or port of the policy as just read
 * that the user did not remove must be in what is written, or it silently loses its JIT rule. Planning bugs and
 * answers that changed shape end here, before the write.
 */
function assertNothingDropped(
  ref: PolicyRef,
  current: Policy | undefined,
  written: Policy["virtualMachines"],
  removed: Removals,
): void {
  const lost: string[] = [];
  for (const vm of current?.virtualMachines ?? []) {
    if (removed.vms.some((id) => sameId(id, vm.id))) continue;
    const mayGo = new Set(removed.ports.filter((r) => sameId(r.vmId, vm.id)).flatMap((r) => r.numbers));
    const kept = written.find((w) => sameId(w.id, vm.id));
    for (const port of vm.ports) {
      if (mayGo.has(port.number)) continue;
      if (!kept?.ports.some((p) => p.number === port.number)) lost.push(`${vmNameFromId(vm.id)}:${port.number}`);
    }
    if (!kept && vm.ports.length === 0) lost.push(vmNameFromId(vm.id));
  }
  if (lost.length > 0) {
    throw new WriteConflict(
      t(
        'Nothing was written: the change would have removed {0} from policy "{1}", which you did not remove. Refresh and try again.',
        lost.join(", "),
        ref.name,
      ),
    );
  }
}

async function write(
  api: WriteApi,
  ref: PolicyRef,
  options: WriteOptions,
  plan: (current: Policy | undefined) => WritePlan,
  removed: Removals,
): Promise<WriteOutcome> {
  // A read that did not validate throws (src/azure/answers.ts): only a 404 reads as "no policy yet".
  const current = await readOrUndefined(api, ref);
  const step = plan(current);
  switch (step.kind) {
    case "none":
      return { kind: "none" };
    case "vmRemoved":
      throw new WriteConflict(
        t(
          '{0} is no longer in policy "{1}": someone removed it since the policy was last read. Nothing was written; refresh, and use Enable JIT if it should be protected again.',
          step.vmIds.map(vmNameFromId).join(", "),
          ref.name,
        ),
      );
    case "delete":
      if (!options.mayDelete) {
        throw new WriteConflict(
          t(
            'This change would now leave policy "{0}" without VMs (others were removed since you confirmed), which deletes the policy and its request history. Nothing was written; refresh and try again.',
            ref.name,
          ),
        );
      }
      await refusalNamed("delete", () => api.deletePolicy(ref));
      return { kind: "delete" };
    case "put": {
      assertNothingDropped(ref, current, step.virtualMachines, removed);
      const written = await refusalNamed("write", () => api.putPolicy(ref, step.virtualMachines, current?.kind));
      // The PUT answer echoes no requests (docs/azure-behaviour.md#put-echo); keep the ones just read.
      return { kind: "put", policy: { ...written, requests: current?.requests ?? written.requests } };
    }
  }
}

async function readOrUndefined(api: WriteApi, ref: PolicyRef): Promise<Policy | undefined> {
  try {
    return await api.getPolicy(ref);
  } catch (e) {
    if (isJitFailure(e) && e.error.kind === "notFound") return undefined;
    throw e;
  }
}

const JIT_POLICIES = "Microsoft.Security/locations/jitNetworkAccessPolicies";

/**
 * Runs the PUT or DELETE of a write. The classifier only knows "configure", so a role refusal is re-worded here to
 * name what that very call needs. An Azure Policy deny keeps its own text: no role gets around it.
 */
async function refusalNamed<T>(call: "write" | "delete", run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isJitFailure(e) || e.error.kind !== "forbidden" || e.error.deniedByAzurePolicy) throw e;
    throw new JitFailure(refusal(call, e.error), { cause: e });
  }
}

function refusal(call: "write" | "delete", error: JitError): JitError {
  if (call === "delete") {
    const permission = `${JIT_POLICIES}/delete`;
    return {
      ...error,
      permissions: [permission],
      message: t(
        "You are not allowed to delete this JIT policy. Deleting it needs {0} on the resource group.",
        permission,
      ),
    };
  }
  const permissions = requiredPermissions("configure");
  return {
    ...error,
    permissions,
    message: t(
      "You are not allowed to change this JIT policy. Configuring JIT needs {0} on the resource group, and {1} on each VM.",
      permissions.filter((p) => !/^Microsoft\.Compute\//i.test(p)).join(", "),
      permissions.filter((p) => /^Microsoft\.Compute\//i.test(p)).join(", "),
    ),
  };
}

/** What the user is told when a write fails; `permissions` is what a Copy Permissions action would copy. */
export function describeWriteFailure(e: unknown): { message: string; permissions: string[]; detail?: string } {
  if (isJitFailure(e)) {
    const error = e.error;
    return {
      message: error.message,
      permissions: error.permissions ?? [],
      ...(error.detail ? { detail: error.detail } : {}),
    };
  }
  return { message: e instanceof Error ? e.message : String(e), permissions: [] };
}
