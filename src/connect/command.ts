// azureJit.connect on a VM or a port: one click from closed to connected. A closed port is requested with the
// quick defaults and awaited (progress with Cancel), then probed on the wire (a TCP connect to the address Connect
// will use; the IP doctor when it cannot get through), then SSH opens Remote-SSH, RDP opens a .rdp file, other
// ports show their address.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { portAccess, type OtherAccess } from "../core/accessState";
import { identityText, plainText } from "../core/inertText";
import { connectKind, hostPort, type ConnectAddress, type ConnectKind } from "../core/connectAddress";
import { parseAwsInstanceId, sameId, vmNameFromId } from "../core/resourceId";
import type { Policy } from "../core/types";
import { resolveAddress } from "./address";
import { askAwsAddress, rememberedAwsAddress } from "./awsAddress";
import { ipDoctor } from "./ipDoctor";
import { waitForWire } from "./probe";
import { connectPortOfVm, connectStep } from "./connectPlan";
import { connectRdp, copyText } from "./rdp";
import { connectSsh } from "./remoteSsh";
import { waitForSending, waitUntilOpen } from "./waitForOpen";
import { meFor } from "../grants/me";
import { pickPort, portTargetFromArg, targetLabel, vmFromArg, type PortTarget } from "../grants/portTarget";
import { requestPort } from "../grants/requestFlow";
import { jitSettings } from "../settings";
import type { Services } from "../services";

export function registerConnectCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.connect, async (arg?: unknown) => {
    let target = await portTargetFromArg(services, arg);
    if (!target) {
      const vm = vmFromArg(arg);
      if (vm) target = await portOfVm(services, vm.policy, vm.vmId, vm.ports);
      else if (arg === undefined) target = await pickPort(services, vscode.l10n.t("Connect"));
    }
    if (!target) return;
    try {
      await connect(services, target);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      services.log.error(`Connect to ${targetLabel(target)} failed: ${message}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t("Could not connect to {0}: {1}", plainText(targetLabel(target)), plainText(message)),
      );
    }
  });
}

/** A VM: the port just requested on it (from the request form), else its SSH port, else RDP, else its only port, else ask. */
async function portOfVm(
  services: Services,
  policy: Policy,
  vmId: string,
  requested?: number[],
): Promise<PortTarget | undefined> {
  const ports = policy.virtualMachines.find((vm) => sameId(vm.id, vmId))?.ports.map((p) => p.number) ?? [];
  const preferred = connectPortOfVm(ports, jitSettings().sshPorts, requested);
  if (preferred !== undefined) return { policy, vmId, portNumber: preferred };
  return pickPort(services, vscode.l10n.t("Connect to {0}", vmNameFromId(vmId)), { policy, vmId });
}

/** The policy once the port is open: requested with the quick defaults only when nothing is already on its way. */
async function openPort(services: Services, start: PortTarget): Promise<Policy | undefined> {
  const memory = services.grants;
  for (;;) {
    const policy = services.policies.find(start.policy.id) ?? start.policy;
    const target = { ...start, policy };
    const inFlight = services.grants.whenSettled(policy.id, target.vmId, target.portNumber);
    const nowMs = services.serverNow();
    const access = portAccess(policy, target.vmId, target.portNumber, nowMs, meFor(services));
    const step = connectStep({
      access,
      remembered: memory.grant(policy.id, target.vmId, target.portNumber),
      inFlight: inFlight !== undefined,
      nowMs,
    });
    switch (step.kind) {
      case "connect":
        return policy;
      case "wait":
        return waitUntilOpen(services, target, step.sinceMs);
      case "afterInFlight":
        if (!inFlight || !(await waitForSending(target, inFlight))) return undefined;
        continue;
      case "request": {
        if (access.openFor === "others") othersOnly(target, access.others ?? []);
        const since = services.serverNow();
        if (!(await requestPort(services, target, "quick"))) return undefined;
        return waitUntilOpen(services, target, since);
      }
    }
  }
}

/**
 * The port is open for someone else's sources only: Connect asks for mine, and says that theirs stays open
 * (overlapping requests both stay in force, docs/azure-behaviour.md#overlapping-requests-for-one-port).
 */
function othersOnly(target: PortTarget, others: readonly OtherAccess[]): void {
  const first = others[0];
  const who = first ? identityText(first.requestor) || vscode.l10n.t("a service principal") : "";
  const from = first ? first.sources.map(identityText).join(", ") : "";
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      "{0} is open for {1} from {2}, not for you: requesting access for you. Their access stays open.",
      plainText(targetLabel(target)),
      plainText(who),
      plainText(from),
    ),
  );
}

async function connect(services: Services, start: PortTarget): Promise<void> {
  let policy = await openPort(services, start);
  if (!policy) return;
  const settings = jitSettings();
  const kind = connectKind(start.portNumber, settings.sshPorts);
  const aws = parseAwsInstanceId(start.vmId);
  const vmName = aws?.instanceId ?? (vmNameFromId(start.vmId) || start.vmId);
  // Bounded: every pass needs the user's answer in the IP doctor (a new request, another address).
  for (let pass = 0; pass < 10; pass++) {
    const target = { ...start, policy };
    let address: ConnectAddress;
    let adminUsername: string | undefined;
    if (aws) {
      const host = rememberedAwsAddress(services, target.vmId) ?? (await askAwsAddress(services, target.vmId));
      if (!host) return;
      address = { host, port: target.portNumber, via: "public" };
    } else {
      const resolved = await resolveAddress(services, target, kind !== "other");
      if (!resolved.address) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            "Cannot connect to {0}: {1}",
            plainText(targetLabel(target)),
            plainText(resolved.problem ?? ""),
          ),
        );
        return;
      }
      address = resolved.address;
      adminUsername = resolved.vm?.adminUsername || undefined;
    }

    // Azure's Initiated is not the wire: hand off only once a TCP connection gets through
    // (docs/azure-behaviour.md#initiated-is-not-yet-reachable).
    const wire = await waitForWire(services, targetLabel(target), address);
    if (wire.kind === "cancelled") return;
    if (wire.kind === "unreachable") {
      const choice = await ipDoctor(services, target, address, wire.last);
      if (choice.kind === "stop") return;
      if (choice.kind === "changeAddress") {
        if (!(await askAwsAddress(services, target.vmId))) return;
        continue;
      }
      if (choice.kind === "requestFor") {
        const since = services.serverNow();
        if (!(await requestPort(services, target, "quick", { source: choice.source }))) return;
        const reopened = await waitUntilOpen(services, target, since);
        if (!reopened) return;
        policy = reopened;
        continue;
      }
    }
    await handOff(services, target, kind, vmName, address, adminUsername);
    return;
  }
}

async function handOff(
  services: Services,
  target: PortTarget,
  kind: ConnectKind,
  vmName: string,
  address: ConnectAddress,
  adminUsername: string | undefined,
): Promise<void> {
  const settings = jitSettings();
  if (address.via === "private") {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        "{0} has no public IP: connecting to its private IP {1}, which needs a VPN or peering into its network.",
        plainText(vmName),
        plainText(address.host),
      ),
    );
  }
  if (kind === "ssh") {
    await connectSsh(
      services,
      { name: vmName, id: target.vmId },
      address,
      settings.sshUser || adminUsername,
      settings.manageSshConfig,
    );
  } else if (kind === "rdp") {
    await connectRdp(services, vmName, address, adminUsername);
  } else {
    const copy = vscode.l10n.t("Copy Address");
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t("{0} is open at {1}.", plainText(targetLabel(target)), plainText(hostPort(address))),
      copy,
    );
    if (picked === copy) await copyText(hostPort(address));
  }
}
