// The three Copilot agent tools (contributes.languageModelTools): list what the user can request, request it (after
// VS Code's confirmation, which says exactly what opens, from where and for how long), and the connection details
// of an open port. The requests go through the grants part's send step, as the quick request's do.
import * as vscode from "vscode";
import { portAccess } from "../core/accessState";
import { hostPort } from "../core/connectAddress";
import { humanDuration } from "../core/duration";
import { vmNameFromId } from "../core/resourceId";
import type { Policy, Subscription } from "../core/types";
import { resolveAddress } from "../connect/address";
import { managedAlias } from "../connect/remoteSsh";
import { meFor } from "../grants/me";
import { readSettings } from "../requestForm/panel";
import type { Services } from "../services";
import { connectionPort, mappingUnknown } from "./connection";
import { findVm, listPorts } from "./listing";
import { parseConnectionInput, parseListInput, parseRequestInput, type RequestInput } from "./toolInput";
import { MAX_LISTED_PORTS } from "./toolNames";
import { confirmationText, planToolRequest, refusalText } from "./toolRequest";

export { TOOL } from "./toolNames";

function text(...parts: string[]): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult(parts.map((p) => new vscode.LanguageModelTextPart(p)));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The policies and subscription names the user has selected, loaded if they were not yet. */
async function loaded(services: Services): Promise<{ policies: Policy[]; subscriptions: Subscription[] }> {
  await services.policies.ensureLoaded();
  const subscriptions = await services.accounts.getSubscriptions();
  return { policies: services.policies.all(), subscriptions };
}

/** The checked input and what is loaded, or the tool's answer when the input breaks a rule or nothing can be read. */
async function checkedAndLoaded<Q>(
  services: Services,
  checked: { ok: true; value: Q } | { ok: false; errors: string[] },
): Promise<{ query: Q; data: Awaited<ReturnType<typeof loaded>> } | vscode.LanguageModelToolResult> {
  if (!checked.ok) return text(refusalText(checked.errors));
  try {
    return { query: checked.value, data: await loaded(services) };
  } catch (e) {
    return text(vscode.l10n.t("Could not read the JIT policies: {0}", message(e)));
  }
}

export class ListAccessTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly services: Services) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t("Reading Azure JIT access") };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const read = await checkedAndLoaded(this.services, parseListInput(options.input));
    if (read instanceof vscode.LanguageModelToolResult) return read;
    const { ports, total } = listPorts(
      read.data.policies,
      read.data.subscriptions,
      read.query,
      this.services.serverNow(),
      meFor(this.services),
    );
    const head =
      total === 0
        ? vscode.l10n.t("No JIT port matches in the selected subscriptions.")
        : total > ports.length
          ? vscode.l10n.t(
              "{0} ports match; the first {1} are listed: filter by name, subscription or state to see the others.",
              total,
              MAX_LISTED_PORTS,
            )
          : vscode.l10n.t(
              "{0} ports match. State is for this user: open or opening only when their own request keeps it so.",
              total,
            );
    return text(head, JSON.stringify({ ports, now: new Date(this.services.serverNow()).toISOString() }));
  }
}

export class RequestAccessTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly services: Services) {}

  /** The requests planned at `serverNowMs` (server time), or the field errors. */
  private async plan(input: unknown, serverNowMs: () => number): Promise<ReturnType<typeof planToolRequest>> {
    const parsed = parseRequestInput(input);
    if (!parsed.ok) return parsed;
    const { policies, subscriptions } = await loaded(this.services);
    return planToolRequest(parsed.value as RequestInput, policies, subscriptions, readSettings(), serverNowMs());
  }

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
  ): Promise<vscode.PreparedToolInvocation> {
    let planned: Awaited<ReturnType<RequestAccessTool["plan"]>>;
    try {
      planned = await this.plan(options.input, () => this.services.serverNow());
    } catch {
      return { invocationMessage: vscode.l10n.t("Checking the JIT request") };
    }
    // A request that breaks a field rule sends nothing: invoke answers with the errors, nothing to confirm.
    if (!planned.ok) return { invocationMessage: vscode.l10n.t("Checking the JIT request") };
    const names = planned.requests.flatMap((r) => r.choice.vms.map((vm) => vmNameFromId(vm.vmId))).join(", ");
    return {
      invocationMessage: vscode.l10n.t("Requesting JIT access to {0}", names),
      confirmationMessages: {
        title: vscode.l10n.t("Request JIT access to {0}?", names),
        message: new vscode.MarkdownString().appendText(confirmationText(planned.requests, this.services.serverNow())),
      },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    let planned: Awaited<ReturnType<RequestAccessTool["plan"]>>;
    let requestedAtMs = 0;
    try {
      // Planned again now, with the policies as they are now: the body sent is the one checked at this time.
      planned = await this.plan(options.input, () => (requestedAtMs = this.services.serverNow()));
    } catch (e) {
      return text(vscode.l10n.t("Could not read the JIT policies: {0}", message(e)));
    }
    if (!planned.ok) return text(refusalText(planned.errors));
    const lines: string[] = [];
    for (const request of planned.requests) {
      const outcome = await this.services.grants.request({ choice: request.choice, body: request.body, requestedAtMs });
      const what = request.choice.vms.map((vm) => `${vmNameFromId(vm.vmId)}:${vm.ports.join(",")}`).join(" ");
      if (outcome.ok) {
        this.services.log.info(
          `Agent tool requested ${what} for ${humanDuration(request.choice.durationMs)} (policy ${request.policy.id})`,
        );
        for (const vm of outcome.request.virtualMachines) {
          for (const port of vm.ports) {
            lines.push(
              vscode.l10n.t(
                "Requested port {0} of {1}: Azure accepted it ({2}); it ends at {3}. It is usually open within seconds; azure-jit_connectionDetails gives the address.",
                port.number,
                vmNameFromId(vm.id),
                port.status || "Initiating",
                Number.isFinite(port.endTimeUtc) ? new Date(port.endTimeUtc).toISOString() : "?",
              ),
            );
          }
        }
      } else {
        this.services.log.error(
          `Agent tool request for ${what} failed: ${outcome.error.kind} ${outcome.error.detail ?? outcome.error.message}`,
        );
        lines.push(vscode.l10n.t("Azure refused the request for {0}: {1}", what, outcome.error.message));
      }
    }
    return text(lines.join("\n"));
  }
}

export class ConnectionDetailsTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly services: Services) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t("Reading the connection details") };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const read = await checkedAndLoaded(this.services, parseConnectionInput(options.input));
    if (read instanceof vscode.LanguageModelToolResult) return read;
    const query = read.query;
    const found = findVm(read.data.policies, read.data.subscriptions, query);
    if (!found.ok) return text(refusalText([found.error]));
    const now = this.services.serverNow();
    const me = meFor(this.services);
    const picked = connectionPort(found.policy, found.vm, query.port, now, me);
    if (!picked.ok) return text(refusalText([picked.error]));
    const access = portAccess(found.policy, found.vm.id, picked.port, now, me);
    const vmName = vmNameFromId(found.vm.id);
    const state = access.kind === "open" ? "open" : access.kind === "opening" ? "opening" : "closed";
    const target = { policy: found.policy, vmId: found.vm.id, portNumber: picked.port };
    const resolved = await resolveAddress(this.services, target, false);
    const unknownPort = mappingUnknown(found.vm, access.kind, access.port?.mappedPort);
    const alias =
      picked.port === 22 || state === "open" ? await managedAlias({ name: vmName, id: found.vm.id }) : undefined;
    const details = {
      vm: vmName,
      port: picked.port,
      state,
      ...(access.endTimeUtc !== undefined && state !== "closed" && Number.isFinite(access.endTimeUtc)
        ? { endsAt: new Date(access.endTimeUtc).toISOString() }
        : {}),
      ...(resolved.address && !unknownPort
        ? {
            host: resolved.address.host,
            connectPort: resolved.address.port,
            address: hostPort(resolved.address),
            via: resolved.address.via,
          }
        : {}),
      ...(resolved.address?.via === "firewall"
        ? {
            firewallMapping: unknownPort
              ? "not known until the port is open"
              : `${picked.port} → ${resolved.address.port}`,
          }
        : {}),
      ...(alias ? { sshAlias: alias } : {}),
      ...(resolved.problem ? { problem: resolved.problem } : {}),
    };
    const head =
      state === "open"
        ? vscode.l10n.t("Port {0} of {1} is open for this user.", picked.port, vmName)
        : vscode.l10n.t(
            "Port {0} of {1} is {2} for this user: request it with azure-jit_requestAccess before connecting.",
            picked.port,
            vmName,
            state,
          );
    return text(head, JSON.stringify(details));
  }
}
