// azureJit.enableJit: adds the chosen VMs to the "default" policy of their resource group and region, from one
// port form. A mixed Linux/Windows selection shares the form, and each VM gets only its own OS's recommended ports.
import * as vscode from "vscode";
import {
  DEFAULT_POLICY_NAME,
  planEnable,
  policyCovering,
  validateNameLength,
  validateVmEdits,
} from "../core/policyEdit";
import { portAudience, recommendedPorts } from "../core/portRules";
import type { UnprotectedVm } from "../core/unprotectedVms";
import { parseVmId, sameId, type PolicyRef } from "../core/resourceId";
import type { Services } from "../services";
import { afterWrite, showWriteFailure, withViewProgress } from "./afterWrite";
import { list, where } from "./confirmText";
import { isUnprotectedVmNode, selectedNodes, type UnprotectedVmNodeArg } from "../tree/nodeGuards";
import { applyVmEdits } from "./policyWrite";
import { showPortForm } from "./portForm";
import type { UnprotectedVmSource } from "./unprotectedVms";
import { plainText, quickPickText } from "../core/inertText";

export async function enableJit(
  services: Services,
  unprotected: UnprotectedVmSource | undefined,
  clicked: unknown,
  selection: unknown,
): Promise<void> {
  let targets = selectedNodes(clicked, selection).filter(isUnprotectedVmNode);
  if (targets.length === 0) targets = await pickUnprotectedVms(services, unprotected);
  if (targets.length === 0) return;

  const skipped: string[] = [];
  const groups = new Map<string, { ref: PolicyRef; vms: UnprotectedVm[] }>();
  for (const { subscriptionId, vm } of targets) {
    const reason = vm.unsupportedReason ?? whyNotEnable(services, vm);
    const parsed = parseVmId(vm.id);
    if (reason !== undefined || !parsed) {
      skipped.push(`${vm.name}: ${reason ?? vscode.l10n.t("not an Azure Resource Manager VM id")}`);
      continue;
    }
    // The portal's layout: one "default" policy per resource group and VM region (docs/azure-behaviour.md#a-vm-belongs-to-one-policy).
    const ref: PolicyRef = {
      subscriptionId,
      resourceGroup: parsed.resourceGroup,
      location: vm.location,
      name: DEFAULT_POLICY_NAME,
    };
    const key = `${ref.subscriptionId}/${ref.resourceGroup}/${ref.location}`.toLowerCase();
    const group = groups.get(key) ?? { ref, vms: [] };
    group.vms.push(vm);
    groups.set(key, group);
  }
  if (skipped.length > 0) {
    const message = vscode.l10n.t("JIT cannot be enabled on: {0}", plainText(skipped.join("; ")));
    if (groups.size === 0) {
      await vscode.window.showWarningMessage(message);
      return;
    }
    const go = vscode.l10n.t("Continue with the Others");
    if ((await vscode.window.showWarningMessage(message, { modal: true }, go)) !== go) return;
  }

  const all = [...groups.values()];
  const vms = all.flatMap((g) => g.vms);
  const first = all[0];
  if (!first) return;
  const osTypes = vms.map((v) => v.osType);
  const ports = await showPortForm({
    title:
      vms.length === 1
        ? vscode.l10n.t("Enable JIT on {0}", vms[0]?.name ?? "")
        : vscode.l10n.t("Enable JIT on {0} VMs", vms.length),
    saveDetail:
      all.length === 1
        ? vscode.l10n.t(
            "Adds {0} to {1}, keeping every other VM and port",
            list(vms.map((v) => v.name)),
            where(first.ref),
          )
        : vscode.l10n.t(
            'Adds the VMs to the "default" policy of each resource group and region ({0} policies)',
            all.length,
          ),
    ports: recommendedPorts(osTypes),
    validate: (saved) => {
      const plan = planEnable(vms, saved);
      return [...plan.errors, ...validateVmEdits(DEFAULT_POLICY_NAME, plan.edits)].map((e) => e.message);
    },
    portNote: (port) => {
      const audience = portAudience(port.number, osTypes);
      if (audience === "linux") return vscode.l10n.t("Linux VMs only");
      if (audience === "windows") return vscode.l10n.t("Windows VMs only");
      return undefined;
    },
    allowEmpty: false,
  });
  if (!ports) return;
  const { edits } = planEnable(vms, ports);

  const results = await withViewProgress(vscode.l10n.t("Enabling JIT…"), () =>
    Promise.all(
      all.map(async ({ ref, vms: groupVms }) => {
        const names = groupVms.map((v) => v.name);
        try {
          const own = edits.filter((edit) => groupVms.some((vm) => sameId(vm.id, edit.vmId)));
          const outcome = await applyVmEdits(services.accounts.jitApi(ref.subscriptionId), ref, own);
          await afterWrite(services, ref, outcome);
          return { ref, names };
        } catch (e) {
          return { ref, names, error: e };
        }
      }),
    ),
  );
  const done = results.filter((r) => r.error === undefined).flatMap((r) => r.names);
  for (const failed of results.filter((r) => r.error !== undefined)) {
    await showWriteFailure(services, vscode.l10n.t("Enable JIT on {0}", list(failed.names)), failed.error);
  }
  if (done.length > 0) {
    services.log.info(`manage: JIT enabled on ${done.join(", ")}`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'JIT enabled on {0}. Azure is applying the policy; the tree shows "updating…" until it is done.',
        plainText(list(done)),
      ),
    );
  }
}

function whyNotEnable(services: Services, vm: UnprotectedVm): string | undefined {
  const covering = policyCovering(services.policies.all(), vm.id);
  if (covering) return vscode.l10n.t('already in policy "{0}"; use Edit JIT Policy… instead', covering.name);
  return validateNameLength(DEFAULT_POLICY_NAME, vm.id);
}

async function pickUnprotectedVms(
  services: Services,
  unprotected: UnprotectedVmSource | undefined,
): Promise<UnprotectedVmNodeArg[]> {
  if (!unprotected) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Choose a VM under "Not configured" in the Azure JIT view, then Enable JIT…'),
    );
    return [];
  }
  await services.policies.ensureLoaded();
  const subscriptions = await services.accounts.getSubscriptions();
  const found = await withViewProgress(vscode.l10n.t("Listing virtual machines…"), () =>
    Promise.all(subscriptions.map(async (s) => ({ subscription: s, result: await unprotected.get(s.subscriptionId) }))),
  );
  type Item = vscode.QuickPickItem & { node: UnprotectedVmNodeArg };
  const items: Item[] = [];
  for (const { subscription, result } of found) {
    for (const vm of result.vms ?? []) {
      if (vm.unsupportedReason) continue;
      items.push({
        label: quickPickText(vm.name),
        description: quickPickText([vm.location, vm.osType].filter(Boolean).join(" · ")),
        detail: quickPickText(subscription.displayName),
        node: { kind: "unprotectedVm", subscriptionId: subscription.subscriptionId, vm },
      });
    }
    if (result.error)
      services.log.warn(`manage: listing VMs of ${subscription.subscriptionId} failed: ${result.error.message}`);
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Every VM in the selected subscriptions is already protected by JIT, or cannot be."),
    );
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Enable JIT"),
    placeHolder: vscode.l10n.t("VMs without a JIT policy"),
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return (picked ?? []).map((i) => i.node);
}
