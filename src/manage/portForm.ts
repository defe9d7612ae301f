// The enable/edit "form" as a quick pick: one list of the VM's port rules with Save on top, each rule opening a
// small editor (number, protocol, sources, maximum time). A quick pick instead of a webview: a handful of fields,
// keyboard-first, themed and accessible for free (VS Code's UX guidelines: use a webview only when the native UI cannot do it,
// https://code.visualstudio.com/api/ux-guidelines/webviews).
import * as vscode from "vscode";
import { formatIsoDuration, humanDuration, parseIsoDuration, validatePolicyDuration } from "../core/duration";
import {
  describePortRule,
  formatAllowedSources,
  newPortRule,
  parseAllowedSources,
  protocolLabel,
  validatePortNumber,
} from "../core/portRules";
import type { PortRule } from "../core/types";
import { quickPickText } from "../core/inertText";

export interface PortFormOptions {
  title: string;
  /** Shown on the Save item, e.g. "adds vm1 to policy default (rg, westeurope)". */
  saveDetail: string;
  ports: PortRule[];
  /** Every problem of saving these ports, each naming its field and rule; checked on Save before anything is sent. */
  validate: (ports: PortRule[]) => string[];
  /** Which VMs a rule goes to when that is not all of them, shown under the rule. */
  portNote?: (port: PortRule) => string | undefined;
  /** Editing an existing VM: an empty list then means "remove the VM" and is allowed. */
  allowEmpty: boolean;
}

type MainItem = vscode.QuickPickItem & { action: "save" | "add" | "winrm" | "edit"; index?: number };

const DURATION_PRESETS_MS = [30, 60, 120, 180, 240, 480, 720, 1440].map((m) => m * 60_000);

/** Resolves with the ports to save, or undefined when the user cancels. */
export async function showPortForm(options: PortFormOptions): Promise<PortRule[] | undefined> {
  let ports = options.ports.map((p) => ({ ...p, allowedSourceAddressPrefixes: [...p.allowedSourceAddressPrefixes] }));
  let problem: string | undefined;
  for (;;) {
    const items: MainItem[] = [
      {
        action: "save",
        label:
          ports.length === 0 ? vscode.l10n.t("$(trash) Save: remove JIT from this VM") : vscode.l10n.t("$(check) Save"),
        detail: options.saveDetail,
        alwaysShow: true,
      },
      { action: "edit", label: vscode.l10n.t("Ports"), kind: vscode.QuickPickItemKind.Separator },
      ...ports.map((port, index): MainItem => {
        const note = options.portNote?.(port);
        return {
          action: "edit",
          index,
          label: `$(plug) ${port.number}`,
          // Sources come from Azure: `$(name)` in them must not render as an icon.
          description: quickPickText(describePortRule(port)),
          ...(note === undefined ? {} : { detail: quickPickText(note) }),
        };
      }),
      { action: "add", label: vscode.l10n.t("$(add) Add port…") },
    ];
    if (!ports.some((p) => p.number === 5985 || p.number === 5986)) {
      items.push({ action: "winrm", label: vscode.l10n.t("$(add) Add WinRM ports 5985 and 5986") });
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: problem ?? vscode.l10n.t("Choose a port to change it, or Save"),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    problem = undefined;
    switch (picked.action) {
      case "save": {
        if (ports.length === 0 && !options.allowEmpty) {
          problem = vscode.l10n.t("Ports: add at least one port.");
          break;
        }
        const errors = options.validate(ports);
        if (errors.length > 0) {
          problem = [...new Set(errors)].join(" ");
          break;
        }
        return ports;
      }
      case "winrm":
        ports = [...ports, newPortRule(5985), newPortRule(5986)];
        break;
      case "add": {
        const number = await askPortNumber(ports, undefined);
        if (number !== undefined) ports = [...ports, newPortRule(number)];
        break;
      }
      case "edit": {
        const index = picked.index ?? -1;
        const port = ports[index];
        if (!port) break;
        const edited = await editPort(port, ports, options.title);
        if (edited === "remove") ports = ports.filter((_, i) => i !== index);
        else if (edited) ports = ports.map((p, i) => (i === index ? edited : p));
        break;
      }
    }
  }
}

type FieldItem = vscode.QuickPickItem & { field: "number" | "protocol" | "sources" | "duration" | "remove" | "done" };

/** Edits one rule field by field; resolves with the new rule, "remove", or undefined when nothing changed. */
async function editPort(port: PortRule, all: PortRule[], title: string): Promise<PortRule | "remove" | undefined> {
  let rule = port;
  for (;;) {
    const duration = parseIsoDuration(rule.maxRequestAccessDuration);
    const sources = formatAllowedSources(rule.allowedSourceAddressPrefixes);
    const picked = await vscode.window.showQuickPick<FieldItem>(
      [
        { field: "done", label: vscode.l10n.t("$(arrow-left) Done"), alwaysShow: true },
        { field: "number", label: vscode.l10n.t("Port"), description: String(rule.number) },
        { field: "protocol", label: vscode.l10n.t("Protocol"), description: protocolLabel(rule.protocol) },
        {
          field: "sources",
          label: vscode.l10n.t("Allowed sources"),
          description: sources === "*" ? vscode.l10n.t("Any") : sources,
        },
        {
          field: "duration",
          label: vscode.l10n.t("Maximum request time"),
          description: duration.ok ? humanDuration(duration.ms) : rule.maxRequestAccessDuration,
        },
        { field: "remove", label: vscode.l10n.t("$(trash) Remove this port") },
      ],
      { title: vscode.l10n.t("{0}: port {1}", title, rule.number), ignoreFocusOut: true },
    );
    if (!picked || picked.field === "done") return rule === port ? undefined : rule;
    switch (picked.field) {
      case "remove":
        return "remove";
      case "number": {
        const number = await askPortNumber(
          all.filter((p) => p !== port),
          rule.number,
        );
        if (number !== undefined) rule = { ...rule, number };
        break;
      }
      case "protocol": {
        const protocol = await vscode.window.showQuickPick(
          [
            { label: "TCP", value: "TCP" },
            { label: "UDP", value: "UDP" },
            { label: vscode.l10n.t("Any"), description: "*", value: "*" },
          ],
          { title: vscode.l10n.t("Protocol for port {0}", rule.number), ignoreFocusOut: true },
        );
        if (protocol) rule = { ...rule, protocol: protocol.value };
        break;
      }
      case "sources": {
        const text = await vscode.window.showInputBox({
          title: vscode.l10n.t("Allowed sources for port {0}", rule.number),
          prompt: vscode.l10n.t(
            "* for any source, or IPv4 addresses and CIDR prefixes separated by commas (IPv6 is not supported by JIT)",
          ),
          value: formatAllowedSources(rule.allowedSourceAddressPrefixes),
          ignoreFocusOut: true,
          validateInput: (value) => {
            const parsed = parseAllowedSources(value);
            return parsed.ok ? undefined : parsed.error;
          },
        });
        if (text !== undefined) {
          const parsed = parseAllowedSources(text);
          if (parsed.ok) rule = { ...rule, allowedSourceAddressPrefixes: parsed.prefixes };
        }
        break;
      }
      case "duration": {
        const value = await askDuration(rule);
        if (value !== undefined) rule = { ...rule, maxRequestAccessDuration: value };
        break;
      }
    }
  }
}

async function askPortNumber(others: PortRule[], current: number | undefined): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: current === undefined ? vscode.l10n.t("Add port") : vscode.l10n.t("Change port {0}", current),
    prompt: vscode.l10n.t("Port number, 1 to 65535"),
    value: current === undefined ? "" : String(current),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const error = validatePortNumber(value);
      if (error) return error;
      return others.some((p) => p.number === Number(value.trim()))
        ? vscode.l10n.t("Port {0} is already listed.", value.trim())
        : undefined;
    },
  });
  return text === undefined || validatePortNumber(text) !== undefined ? undefined : Number(text.trim());
}

async function askDuration(rule: PortRule): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { iso?: string };
  const items: Item[] = DURATION_PRESETS_MS.map((ms) => ({
    label: humanDuration(ms),
    description: formatIsoDuration(ms),
    iso: formatIsoDuration(ms),
    picked: formatIsoDuration(ms) === rule.maxRequestAccessDuration,
  }));
  items.push({ label: vscode.l10n.t("Other…"), description: vscode.l10n.t("ISO 8601, from PT5M to PT24H") });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Maximum request time for port {0}", rule.number),
    placeHolder: vscode.l10n.t("The longest access a request may ask for (5 minutes to 24 hours)"),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.iso) return picked.iso;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t("Maximum request time for port {0}", rule.number),
    prompt: vscode.l10n.t("ISO 8601 duration, e.g. PT90M or PT12H (5 minutes to 24 hours)"),
    value: rule.maxRequestAccessDuration,
    ignoreFocusOut: true,
    validateInput: (value) => validatePolicyDuration(value.trim().toUpperCase()),
  });
  if (text === undefined) return undefined;
  const iso = text.trim().toUpperCase();
  return validatePolicyDuration(iso) === undefined ? iso : undefined;
}
