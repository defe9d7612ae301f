// Read → plan → write of one policy, without vscode so the integration tests drive exactly this against the
// emulator. The plan comes from core (src/core/policyEdit.ts); a policy that would be left with no VM is deleted
// rather than written empty.
import { isJitFailure, JitFailure } from "../azure/errors";
import type { JitApi } from "../azure/jit";
import { t } from "../core/l10n";
import { planDisable, planPolicyWrite, validateVmEdits, type VmEdit, type WritePlan } from "../core/policyEdit";
import type { PolicyRef } from "../core/resourceId";
import type { Policy } from "../core/types";

export type WriteOutcome =
  | { kind: "put"; policy: Policy }
  | { kind: "delete" }
  | { kind: "none" };

type WriteApi = Pick<JitApi, "getPolicy" | "putPolicy" | "deletePolicy">;

/** Applies port edits (enable, edit, remove) to the policy as it is now on the service. */
export async function applyVmEdits(api: WriteApi, ref: PolicyRef, edits: VmEdit[]): Promise<WriteOutcome> {
  const problems = validateVmEdits(ref.name, edits);
  if (problems.length > 0) {
    throw new JitFailure({ kind: "invalidInput", message: problems.map((p) => p.message).join("\n") });
  }
  return write(api, ref, (current) => planPolicyWrite(current?.virtualMachines, edits));
}

/** Removes VMs from the policy as it is now; the last VM out deletes the policy. */
export async function removeVms(api: WriteApi, ref: PolicyRef, vmIds: string[]): Promise<WriteOutcome> {
  return write(api, ref, (current) => planDisable(current?.virtualMachines, vmIds));
}

export async function deletePolicy(api: WriteApi, ref: PolicyRef): Promise<WriteOutcome> {
  await api.deletePolicy(ref);
  return { kind: "delete" };
}

async function write(api: WriteApi, ref: PolicyRef, plan: (current: Policy | undefined) => WritePlan): Promise<WriteOutcome> {
  const current = await readOrUndefined(api, ref);
  const step = plan(current);
  switch (step.kind) {
    case "none":
      return { kind: "none" };
    case "delete":
      await api.deletePolicy(ref);
      return { kind: "delete" };
    case "put": {
      const written = await api.putPolicy(ref, step.virtualMachines, current?.kind);
      // The PUT answer echoes no requests (BEHAVIOUR.md §0.3); keep the ones just read.
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

/** What the user is told when a write is refused, naming the permissions a configure needs (BEHAVIOUR.md §3.8). */
export function describeWriteFailure(e: unknown, fallbackPermissions: string[]): { message: string; permissions: string[]; detail?: string } {
  if (isJitFailure(e)) {
    const error = e.error;
    if (error.kind === "forbidden") {
      const permissions = error.permissions?.length ? error.permissions : fallbackPermissions;
      return {
        message: t(
          "You are not allowed to change this JIT policy. Configuring JIT needs {0} on the resource group, and {1} on each VM.",
          permissions.filter((p) => !/^Microsoft\.Compute\//i.test(p)).join(", ") || "Microsoft.Security/locations/jitNetworkAccessPolicies/write",
          permissions.filter((p) => /^Microsoft\.Compute\//i.test(p)).join(", ") || "Microsoft.Compute/virtualMachines/write",
        ),
        permissions,
        ...(error.detail ? { detail: error.detail } : {}),
      };
    }
    return { message: error.message, permissions: error.permissions ?? [], ...(error.detail ? { detail: error.detail } : {}) };
  }
  return { message: e instanceof Error ? e.message : String(e), permissions: [] };
}
