// The form's submit, host side, without the webview: the values checked once (toAccessChoice and planInitiate run
// once, in checkValues), then sent once through the grant tracker's one request function. No vscode import, so
// the emulator tests count what one submit sends.
import type { FieldError } from "../core/requestPlan";
import type { InitiateBody, Policy } from "../core/types";
import type { Grants, RequestOutcome } from "../services";
import { checkValues } from "./formModel";
import type { FormSettings, FormValues } from "./protocol";

export interface SubmitDeps {
  readonly grants: Pick<Grants, "request">;
  serverNow(): number;
  readonly log: { info(message: string): void };
}

export type SubmitResult =
  { kind: "invalid"; errors: FieldError[] } | { kind: "sent"; body: InitiateBody; outcome: RequestOutcome };

/** `sending` runs once the values passed and before the request goes out (the panel shows "busy"). */
export async function submitValues(
  deps: SubmitDeps,
  policy: Policy,
  values: FormValues,
  settings: FormSettings,
  sending?: () => void,
): Promise<SubmitResult> {
  const requestedAtMs = deps.serverNow();
  const checked = checkValues(policy, values, settings, requestedAtMs);
  if (!checked.ok) return { kind: "invalid", errors: checked.errors };
  sending?.();
  const portCount = checked.body.virtualMachines.reduce((n, vm) => n + vm.ports.length, 0);
  deps.log.info(
    `Requesting JIT access: policy ${policy.name}, ${checked.body.virtualMachines.length} VM(s), ${portCount} port(s)`,
  );
  const outcome = await deps.grants.request({ choice: checked.choice, body: checked.body, requestedAtMs });
  return { kind: "sent", body: checked.body, outcome };
}
