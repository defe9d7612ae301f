// Which port the connection-details tool describes, and whether its firewall mapping is known.
import { portAccess, type Me } from "../core/accessState";
import { firewallPortUnknown } from "../core/connectAddress";
import { t } from "../core/l10n";
import { vmNameFromId } from "../core/resourceId";
import type { Policy, PolicyVm } from "../core/types";
import { preferredPort } from "../requestForm/formModel";

/** The port to describe: the one asked for, else the VM's one open port, else its usual remote-shell port. */
export function connectionPort(
  policy: Policy,
  vm: PolicyVm,
  asked: number | undefined,
  serverNowMs: number,
  me: Me,
): { ok: true; port: number } | { ok: false; error: string } {
  const name = vmNameFromId(vm.id);
  if (asked !== undefined) {
    return vm.ports.some((p) => p.number === asked)
      ? { ok: true, port: asked }
      : {
          ok: false,
          error: t(
            "port: {0} has no JIT rule for port {1}; its ports are {2}.",
            name,
            asked,
            vm.ports.map((p) => p.number).join(", "),
          ),
        };
  }
  const open = vm.ports.filter((p) => portAccess(policy, vm.id, p.number, serverNowMs, me).kind === "open");
  const pick = open.length === 1 ? open[0].number : preferredPort(vm);
  return pick === undefined
    ? { ok: false, error: t("port: {0} has no ports in its JIT policy.", name) }
    : { ok: true, port: pick };
}

/** Whether a firewall port is not known yet (closed, or opening before Azure reports its mapping). */
export function mappingUnknown(vm: PolicyVm, accessKind: string, mappedPort: number | undefined): boolean {
  return firewallPortUnknown({ firewallIp: vm.publicIpAddress, accessKind, mappedPort });
}
