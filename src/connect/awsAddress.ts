// AWS EC2 instances (Defender for Cloud's AWS connector) have no ARM VM, so Azure reports no address for them
// (docs/azure-behaviour.md#aws-ec2-instances). Connect asks once per instance, remembers the answer across reloads
// (globalState, keyed by the lower-cased instance id), and the IP doctor offers to change it.
import * as vscode from "vscode";
import { parseAwsInstanceId } from "../core/resourceId";
import { validateHostName } from "../core/sshConfigBlock";
import type { Services } from "../services";

const KEY = "azureJit.awsInstanceAddresses";

function all(services: Services): Record<string, string> {
  const stored = services.context.globalState.get<unknown>(KEY);
  const out: Record<string, string> = {};
  if (typeof stored !== "object" || stored === null) return out;
  // Read back what was written, but never trust it: only valid host names survive.
  for (const [k, v] of Object.entries(stored as Record<string, unknown>))
    if (typeof v === "string" && validateHostName(v) === undefined) out[k] = v;
  return out;
}

export function rememberedAwsAddress(services: Services, vmId: string): string | undefined {
  return all(services)[vmId.toLowerCase()];
}

/** Asks for the address of an AWS instance (IPv4 or DNS name) and remembers it; undefined when cancelled. */
export async function askAwsAddress(services: Services, vmId: string): Promise<string | undefined> {
  const aws = parseAwsInstanceId(vmId);
  const current = rememberedAwsAddress(services, vmId);
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t("Address of {0}", aws ? `${aws.instanceId} (${aws.region})` : vmId),
    prompt: vscode.l10n.t(
      "Azure reports no address for AWS EC2 instances: enter its public IPv4 address or DNS name. It is remembered for this instance.",
    ),
    value: current ?? "",
    ignoreFocusOut: true,
    validateInput: (text) =>
      text.trim() === "" ? vscode.l10n.t("Enter an IPv4 address or a DNS name.") : validateHostName(text.trim()),
  });
  if (answer === undefined) return undefined;
  const host = answer.trim();
  await services.context.globalState.update(KEY, { ...all(services), [vmId.toLowerCase()]: host });
  services.log.info(`Address of ${vmId}: ${host} (typed by the user)`);
  return host;
}
