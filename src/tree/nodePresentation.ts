// Items above and beside the ports: subscription, location, policy, VM, and the error/empty/action items.
// Pure, like portPresentation.ts.
import { portAccess, type Me } from "../core/accessState";
import { COMMAND } from "../core/commandIds";
import type { JitError } from "../core/errors";
import { t } from "../core/l10n";
import { parseAwsInstanceId, parseVmId, vmNameFromId } from "../core/resourceId";
import { directoryName, type Policy, type Tenant } from "../core/types";
import { presentNotConfigured, presentUnprotectedVm } from "./unprotectedPresentation";
import type { ItemView } from "./itemView";
import { locationDisplayName } from "./locationNames";
import { md, mdCode } from "./markdown";
import type {
  ActionNode,
  EmptyNode,
  ErrorNode,
  LocationNode,
  PolicyNode,
  SubscriptionNode,
  TreeNode,
  VmNode,
} from "./nodes";
import { findPolicyVm, presentPort, type PresentationOptions } from "./portPresentation";
import { provisioningPhase } from "../policies/provisioning";

/** What listing a subscription's VMs needs (the "Not configured" group). */
export const VM_LIST_PERMISSION = "Microsoft.Compute/virtualMachines/read";

export function presentNode(node: TreeNode, options: PresentationOptions): ItemView {
  switch (node.kind) {
    case "subscription":
      return presentSubscription(node);
    case "location":
      return presentLocation(node);
    case "policy":
      return presentPolicy(node);
    case "vm":
      return presentVm(node, options);
    case "port":
      return presentPort(node.policy, node.vmId, node.portNumber, options);
    case "error":
      return presentError(node);
    case "action":
      return presentAction(node);
    case "empty":
      return presentEmpty(node);
    case "notConfigured":
      return presentNotConfigured(node);
    case "unprotectedVm":
      return presentUnprotectedVm(node);
  }
}

export function presentSubscription(node: SubscriptionNode): ItemView {
  const s = node.subscription;
  const tenant = node.tenantName ? `${md(node.tenantName)} (${mdCode(s.tenantId)})` : mdCode(s.tenantId);
  const lines = [
    `**${md(s.displayName)}**`,
    "",
    `- ${t("Subscription: {0}", mdCode(s.subscriptionId))}`,
    `- ${t("Tenant: {0}", tenant)}`,
  ];
  if (s.state && s.state !== "Enabled") lines.push(`- ${t("State: {0}", md(s.state))}`);
  return {
    id: node.id,
    label: s.displayName,
    tooltip: lines.join("\n"),
    icon: { id: "azure" },
    contextValue: "azureJit.subscription",
    collapsible: "collapsed",
  };
}

export function presentLocation(node: LocationNode): ItemView {
  const name = locationDisplayName(node.location);
  return {
    id: node.id,
    label: name,
    description: countText(node.policies.length, t("1 policy"), t("{0} policies", node.policies.length)),
    tooltip: [`**${md(name)}**`, "", `- ${t("Region: {0}", mdCode(node.location))}`].join("\n"),
    icon: { id: "globe" },
    contextValue: "azureJit.location",
    collapsible: "collapsed",
  };
}

export function presentPolicy(node: PolicyNode): ItemView {
  const p = node.policy;
  const vms = p.virtualMachines.length;
  const lines = [
    `**${md(p.name)}**`,
    "",
    `- ${t("Resource group: {0}", md(p.resourceGroup))}`,
    `- ${t("Region: {0}", md(locationDisplayName(p.location)))}`,
  ];
  if (p.provisioningState) lines.push(`- ${t("Provisioning state: {0}", md(p.provisioningState))}`);
  lines.push(`- ${t("Id: {0}", mdCode(p.id))}`);
  // Policy names repeat ("default" in every resource group): the resource group tells same-named ones apart.
  const parts = [countText(vms, t("1 VM"), t("{0} VMs", vms)), p.resourceGroup];
  const phase = provisioningPhase(p.provisioningState);
  if (phase === "updating") parts.push(t("updating…"));
  if (phase === "failed") parts.push(t("provisioning {0}", p.provisioningState ?? ""));
  return {
    id: node.id,
    label: p.name,
    description: parts.join(" · "),
    tooltip: lines.join("\n"),
    icon:
      phase === "updating"
        ? { id: "sync~spin" }
        : phase === "failed"
          ? { id: "warning", color: "list.warningForeground" }
          : { id: "shield" },
    contextValue: "azureJit.policy",
    collapsible: vms > 0 ? "collapsed" : "none",
  };
}

export interface VmSummary {
  ports: number;
  open: number;
  opening: number;
}

export function vmSummary(policy: Policy, vmId: string, serverNow: number, me?: Me): VmSummary {
  const vm = findPolicyVm(policy, vmId);
  const summary: VmSummary = { ports: vm?.ports.length ?? 0, open: 0, opening: 0 };
  for (const rule of vm?.ports ?? []) {
    const kind = portAccess(policy, vmId, rule.number, serverNow, me).kind;
    if (kind === "open") summary.open++;
    else if (kind === "opening") summary.opening++;
  }
  return summary;
}

export function vmDescription(summary: VmSummary): string {
  const parts = [countText(summary.ports, t("1 port"), t("{0} ports", summary.ports))];
  if (summary.open > 0) parts.push(t("{0} open", summary.open));
  if (summary.opening > 0) parts.push(t("{0} opening", summary.opening));
  return parts.join(" · ");
}

export function presentVm(node: VmNode, options: PresentationOptions): ItemView {
  const summary = vmSummary(node.policy, node.vmId, options.serverNow, options.me);
  // An AWS EC2 instance (Defender for Cloud's AWS connector): its instance id and region, not the id's last segment.
  const aws = parseAwsInstanceId(node.vmId);
  const name = aws?.instanceId ?? vmNameFromId(node.vmId);
  const ref = parseVmId(node.vmId);
  const lines = [`**${md(name)}**`, ""];
  if (ref) lines.push(`- ${t("Resource group: {0}", md(ref.resourceGroup))}`);
  if (aws)
    lines.push(
      `- ${t("AWS EC2 instance in {0}, through the security connector {1}", md(aws.region), md(aws.connector))}`,
    );
  lines.push(`- ${t("Id: {0}", mdCode(node.vmId))}`);
  const firewall = findPolicyVm(node.policy, node.vmId)?.publicIpAddress;
  if (firewall) lines.push(`- ${t("Behind Azure Firewall {0}", mdCode(firewall))}`);
  return {
    id: node.id,
    label: name,
    description: aws ? `${t("AWS EC2 · {0}", aws.region)} · ${vmDescription(summary)}` : vmDescription(summary),
    tooltip: lines.join("\n"),
    icon: summary.open > 0 ? { id: "vm-active", color: "charts.green" } : { id: "vm" },
    contextValue: "azureJit.vm",
    collapsible: summary.ports > 0 ? "collapsed" : "none",
  };
}

/**
 * Which ways forward an error item offers, in order (at most three). A failed VM listing offers no permissions
 * item: that command lists what reading JIT policies needs, and the item's own label names the VM permission.
 */
export function errorActions(error: JitError, source?: ErrorNode["source"]): Array<ActionNode["action"]> {
  if (error.kind === "notSignedIn" || source === "directory") return ["signIn", "retry"];
  if (error.kind === "forbidden" && source !== "vmListing") return ["permissions", "retry"];
  if (error.kind === "cancelled") return ["retry"];
  return ["retry"];
}

export function presentError(node: ErrorNode): ItemView {
  if (node.source === "directory" && node.tenant) return presentDirectoryError(node, node.tenant);
  const e = node.error;
  // The VM listing's errors are classified as JIT reads; a refusal there is about the VM permission instead.
  const vmListingForbidden = node.source === "vmListing" && e.kind === "forbidden";
  const message = vmListingForbidden
    ? t("You do not have permission to list virtual machines here. Ask for a role with: {0}.", VM_LIST_PERMISSION)
    : e.message;
  // A refusal's message names up to six permissions: at the default side-bar width the label shows only its
  // start. The label says what is missing in a few words; the message and the permissions are in the tooltip,
  // and the "Show required permissions" item below lists them.
  const label =
    e.kind === "forbidden"
      ? vmListingForbidden
        ? t("No permission to list virtual machines ({0})", VM_LIST_PERMISSION)
        : t("No permission to read JIT policies")
      : message;
  const permissions = vmListingForbidden ? [VM_LIST_PERMISSION] : e.permissions;
  const lines = [`**${md(message)}**`];
  if (e.detail && e.detail !== message) lines.push("", md(e.detail));
  if (permissions?.length) lines.push("", t("Needed: {0}", permissions.map(mdCode).join(", ")));
  if (e.correlationId) lines.push("", t("Correlation id: {0}", mdCode(e.correlationId)));
  return {
    id: node.id,
    label,
    tooltip: lines.join("\n"),
    icon: { id: "error", color: "list.errorForeground" },
    contextValue: "azureJit.error",
    collapsible: "expanded",
  };
}

/** A directory that refused its token: its subscriptions are missing, and signing in to it brings them back. */
export function presentDirectoryError(node: ErrorNode, tenant: Tenant): ItemView {
  const e = node.error;
  const name = directoryName(tenant);
  const reason = e.kind === "notSignedIn" ? t("sign-in required") : e.message;
  const lines = [
    `**${md(t("Directory {0}: subscriptions not shown", name))}**`,
    "",
    `- ${t("Tenant: {0}", mdCode(tenant.tenantId))}`,
    `- ${t("Reason: {0}", md(e.message))}`,
  ];
  if (e.detail && e.detail !== e.message) lines.push("", md(e.detail));
  lines.push(
    "",
    t(
      "A directory often needs a sign-in of its own (multi-factor authentication, consent, guest access). Sign in to it to show its subscriptions.",
    ),
  );
  if (e.correlationId) lines.push("", t("Correlation id: {0}", mdCode(e.correlationId)));
  return {
    id: node.id,
    // A claims challenge on a background read: the directory's subscriptions are shown, its token needs a new sign-in.
    label: e.claimsChallenge
      ? t("Sign in again (multifactor) to continue")
      : t("Directory {0}: subscriptions not shown", name),
    description: e.claimsChallenge ? name : reason,
    tooltip: lines.join("\n"),
    icon: { id: "warning", color: "list.warningForeground" },
    contextValue: "azureJit.directoryError",
    collapsible: "expanded",
  };
}

export function presentAction(node: ActionNode): ItemView {
  const signInLabel = node.target.source === "directory" ? t("Sign in to this directory…") : t("Sign in to Azure…");
  const views: Record<ActionNode["action"], Pick<ItemView, "label" | "icon"> & { command: string }> = {
    retry: { label: t("Retry"), icon: { id: "refresh" }, command: COMMAND.retry },
    permissions: {
      label: t("Show required permissions"),
      icon: { id: "key" },
      command: COMMAND.showRequiredPermissions,
    },
    signIn: { label: signInLabel, icon: { id: "sign-in" }, command: COMMAND.signIn },
  };
  const view = views[node.action];
  return {
    id: node.id,
    label: view.label,
    icon: view.icon,
    contextValue: `azureJit.action.${node.action}`,
    collapsible: "none",
    command: { command: view.command, title: view.label, withNode: true },
  };
}

export function presentEmpty(node: EmptyNode): ItemView {
  return {
    id: node.id,
    label: t("No JIT policies in this subscription"),
    icon: { id: "info" },
    contextValue: "azureJit.empty",
    collapsible: "none",
  };
}

function countText(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
