// A port item: "22 · SSH" with its live state as description, an icon per state and a tooltip with the policy's
// rule and the latest request. Pure: the server-corrected time comes in.
import { portAccess, type AccessStateKind, type Me, type PortAccess } from "../core/accessState";
import { humanDuration, parseIsoDuration } from "../core/duration";
import { identityText } from "../core/inertText";
import { t } from "../core/l10n";
import { sameId } from "../core/resourceId";
import { isAnySource } from "../core/sourceAddress";
import type { Policy, PolicyVm, PortRule } from "../core/types";
import type { IconView, ItemView } from "./itemView";
import { md, mdCode } from "./markdown";
import { ids } from "./nodes";
import { portLabel } from "./portNames";
import { localAndUtcText, type LocalTimeFormat } from "./timeText";

export interface PresentationOptions {
  /** Server-corrected now (ServerClock), epoch ms. */
  serverNow: number;
  /** `azureJit.expiryWarningMinutes` in ms: an open port ending sooner gets a warning colour. */
  warningMs?: number;
  localFormat?: LocalTimeFormat;
  /** Who "me" is: given, a port open only for someone else reads as theirs, not as open (docs/azure-behaviour.md#overlapping-requests-for-one-port). */
  me?: Me;
}

/** contextValue suffix per state; menus match `viewItem =~ /^azureJit\.port\.open$/` and the like. */
const stateSuffix: Record<AccessStateKind, string> = {
  none: "closed",
  opening: "opening",
  open: "open",
  ended: "ended",
  replaced: "replaced",
  revoked: "revoked",
};

export function portContextValue(kind: AccessStateKind): string {
  return `azureJit.port.${stateSuffix[kind] ?? "closed"}`;
}

/** "frank@… from 198.51.100.78" for the first other requestor holding the port open; identities made visible. */
function otherHolder(access: PortAccess): string | undefined {
  const other = access.others?.[0];
  if (!other) return undefined;
  const who = other.requestor ? identityText(other.requestor) : t("a service principal");
  return t("{0} from {1}", who, other.sources.map(identityText).join(", ") || t("no source listed"));
}

export function portDescription(access: PortAccess): string {
  if (access.openFor === "others") {
    const other = access.others?.[0];
    return t(
      "open for {0} · {1} left — not for you",
      otherHolder(access) ?? "",
      humanDuration(Math.max(0, other?.remainingMs ?? 0)),
    );
  }
  switch (access.kind) {
    case "open":
      return access.remainingMs !== undefined
        ? t("open · {0} left", humanDuration(Math.max(0, access.remainingMs)))
        : t("open");
    case "opening":
      return t("opening…");
    case "ended":
      return access.endedAgoMs !== undefined
        ? t("ended {0} ago", humanDuration(Math.max(0, access.endedAgoMs)))
        : t("ended");
    case "replaced":
      return t("replaced by a newer request");
    case "revoked":
      return t("revoked");
    default:
      return t("closed");
  }
}

/**
 * One codicon per state, so the states differ by shape and not by colour alone; the colours are theme colours
 * (live ones stand out, finished ones recede).
 */
export function portIcon(access: PortAccess, warningMs?: number): IconView {
  // Open only for someone else: closed for me, drawn as a person so it is not read as mine.
  if (access.openFor === "others") return { id: "person", color: "descriptionForeground" };
  switch (access.kind) {
    case "open": {
      // Ending soon differs from open by shape (a watch, not a tick) and by a warning colour that is darker than
      // charts.green in light themes, not by hue alone (charts.yellow vs charts.green was olive vs green).
      const endingSoon = warningMs !== undefined && access.remainingMs !== undefined && access.remainingMs <= warningMs;
      return endingSoon
        ? { id: "watch", color: "list.warningForeground" }
        : { id: "pass-filled", color: "charts.green" };
    }
    case "opening":
      return { id: "loading~spin", color: "charts.blue" };
    case "ended":
      return { id: "history", color: "disabledForeground" };
    case "replaced":
      return { id: "arrow-swap", color: "descriptionForeground" };
    case "revoked":
      return { id: "circle-slash", color: "errorForeground" };
    default:
      return { id: "lock", color: "icon.foreground" };
  }
}

export function findPolicyVm(policy: Policy, vmId: string): PolicyVm | undefined {
  return policy.virtualMachines.find((vm) => sameId(vm.id, vmId));
}

export function presentPort(policy: Policy, vmId: string, portNumber: number, options: PresentationOptions): ItemView {
  const access = portAccess(policy, vmId, portNumber, options.serverNow, options.me);
  const vm = findPolicyVm(policy, vmId);
  const rule = vm?.ports.find((p) => p.number === portNumber);
  const description = portDescription(access);
  return {
    id: ids.port(policy.id, vmId, portNumber),
    label: portLabel(portNumber),
    description,
    tooltip: portTooltip(portNumber, description, rule, vm, access, options),
    icon: portIcon(access, options.warningMs),
    contextValue: portContextValue(access.kind),
    collapsible: "none",
  };
}

function sourcesText(prefixes: string[]): string {
  if (prefixes.length === 0) return t("none listed");
  if (prefixes.some(isAnySource)) return t("any");
  return prefixes.map(mdCode).join(", ");
}

export function portTooltip(
  portNumber: number,
  description: string,
  rule: PortRule | undefined,
  vm: PolicyVm | undefined,
  access: PortAccess,
  options: Pick<PresentationOptions, "localFormat">,
): string {
  const lines: string[] = [`**${md(portLabel(portNumber))}** — ${md(description)}`, ""];
  if (rule) {
    lines.push(`- ${t("Protocol: {0}", rule.protocol === "*" ? t("any") : md(rule.protocol))}`);
    lines.push(`- ${t("Allowed sources: {0}", sourcesText(rule.allowedSourceAddressPrefixes))}`);
    lines.push(`- ${t("Maximum duration: {0}", md(maxDurationText(rule.maxRequestAccessDuration)))}`);
  } else {
    lines.push(`- ${t("This port is no longer in the policy.")}`);
  }
  const request = access.request;
  const port = access.port;
  if (request) {
    lines.push("", `**${t("Latest request")}**`, "");
    lines.push(`- ${t("Requestor: {0}", request.requestor ? md(request.requestor) : t("a service principal"))}`);
    lines.push(`- ${t("Start: {0}", md(localAndUtcText(request.startTimeUtc, options.localFormat)))}`);
    if (port) {
      lines.push(`- ${t("End: {0}", md(localAndUtcText(port.endTimeUtc, options.localFormat)))}`);
      lines.push(`- ${t("Source: {0}", sourcesText(port.allowedSourceAddressPrefixes))}`);
      const status = port.statusReason ? `${port.status} (${port.statusReason})` : port.status;
      lines.push(`- ${t("Status: {0}", md(status))}`);
    }
    if (request.justification) lines.push(`- ${t("Justification: {0}", md(request.justification))}`);
  }
  if (access.others && access.others.length > 0) {
    lines.push("", `**${t("Also open for others (their sources only; your request does not end theirs)")}**`, "");
    for (const other of access.others) {
      const who = other.requestor ? md(identityText(other.requestor)) : t("a service principal");
      lines.push(
        `- ${t("{0} from {1}, {2} left", who, sourcesText(other.sources), md(humanDuration(Math.max(0, other.remainingMs))))}`,
      );
    }
  }
  const mapping = firewallMapping(vm, port?.mappedPort, portNumber);
  if (mapping) lines.push("", t("Firewall: {0}", mdCode(mapping)));
  return lines.join("\n");
}

/** "20.1.2.3:50022 → 22" when an Azure Firewall in front of the VM maps the port (docs/azure-behaviour.md#firewall-mapped-port). */
export function firewallMapping(
  vm: PolicyVm | undefined,
  mappedPort: number | undefined,
  portNumber: number,
): string | undefined {
  if (mappedPort === undefined && !vm?.publicIpAddress) return undefined;
  if (mappedPort === undefined) return `${vm?.publicIpAddress} → ${portNumber}`;
  return vm?.publicIpAddress ? `${vm.publicIpAddress}:${mappedPort} → ${portNumber}` : `${mappedPort} → ${portNumber}`;
}

/** "3 h (PT3H)"; the raw text alone when the service sent something unparsable. */
function maxDurationText(iso: string): string {
  const parsed = parseIsoDuration(iso);
  return parsed.ok ? `${humanDuration(parsed.ms)} (${iso})` : iso;
}
