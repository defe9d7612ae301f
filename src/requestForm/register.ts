// The request form part: the azureJit.requestAccess command (requestAccess.ts), one panel per policy, and
// restoring panels after a window reload (the WebviewPanelSerializer for azureJit.requestForm, which src/extension.ts
// registers).
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import type { Services } from "../services";
import { requestAccessCommand } from "./requestAccess";
import { parseSavedState } from "./messageValidator";
import { createPanel, RequestFormPanel, type FormTarget } from "./panel";

/** How long the form waits for the subscription list (cached once the tree has loaded) before naming the id instead. */
const NAME_WAIT_MS = 3000;

/** The target with its subscription's display name, when the list answers within NAME_WAIT_MS. */
async function withSubscriptionName(services: Services, target: FormTarget): Promise<FormTarget> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), NAME_WAIT_MS);
  });
  try {
    const subscriptions = await Promise.race([services.accounts.getSubscriptions(), timeout]);
    const id = target.policy.subscriptionId.toLowerCase();
    const name = subscriptions?.find((s) => s.subscriptionId.toLowerCase() === id)?.displayName;
    return name ? { ...target, subscriptionName: name } : target;
  } catch {
    // Only a nicety: the id still names the subscription.
    return target;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The panel serializer is returned, not registered: the activation bundle (src/extension.ts) registers the one for
 * VIEW_TYPE before this part loads, and hands restored panels to it.
 */
export function registerRequestForm(
  services: Services,
): vscode.Disposable & { readonly serializer: vscode.WebviewPanelSerializer } {
  const panels = new Map<string, RequestFormPanel>();
  const keyOf = (policyId: string) => policyId.toLowerCase();

  const adopt = (panel: vscode.WebviewPanel, target: FormTarget): RequestFormPanel => {
    const key = keyOf(target.policy.id);
    const form = new RequestFormPanel(services, panel, target, () => {
      if (panels.get(key) === form) panels.delete(key);
    });
    panels.set(key, form);
    return form;
  };

  const open = async (start: FormTarget): Promise<void> => {
    const target = await withSubscriptionName(services, start);
    const existing = panels.get(keyOf(target.policy.id));
    if (existing) existing.show(target);
    else adopt(createPanel(services.context.extensionUri), target);
  };

  const serializer: vscode.WebviewPanelSerializer = {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const saved = parseSavedState(state);
      if (!saved.ok) {
        services.log.warn(`Request form: not restoring a panel with unusable saved state (${saved.error})`);
        panel.dispose();
        return;
      }
      let policy = services.policies.find(saved.value.policyId);
      if (!policy) {
        try {
          await services.policies.ensureLoaded();
        } catch (e) {
          services.log.warn(
            `Request form: policies could not be loaded to restore a panel: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        policy = services.policies.find(saved.value.policyId);
      }
      if (!policy) {
        services.log.info("Request form: the policy of a restored panel is no longer available; closing it");
        panel.dispose();
        return;
      }
      const { vmId, portNumber, values, phase } = saved.value;
      const target = await withSubscriptionName(services, { policy, vmId, portNumber, values, phase });
      const previous = panels.get(keyOf(policy.id));
      if (previous) {
        panel.dispose();
        previous.show(target);
        return;
      }
      adopt(panel, target);
    },
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand(COMMAND.requestAccess, (node?: unknown) =>
      requestAccessCommand(services, open, node),
    ),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
  return { serializer, dispose: () => disposable.dispose() };
}
