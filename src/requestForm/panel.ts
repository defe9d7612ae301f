// Host side of one request-form panel: renders the HTML, checks every message from the webview, plans and sends
// the initiate, and reports per-port outcomes. The webview validates live with the same rules; this side decides.
import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { randomBytes } from "node:crypto";
import type { Services } from "../services";
import { jitSettings } from "../settings";
import type { Policy } from "../core/types";
import { sameId } from "../core/resourceId";
import { formHtml } from "./formHtml";
import { findVm, vmLabel } from "./formModel";
import { parseWebviewMessage } from "./messageValidator";
import { outcomesFor, resultsPhase } from "./outcome";
import { submitValues } from "./submit";
import { VIEW_TYPE, type FormInit, type FormSettings, type FormValues, type HostMessage, type Phase } from "./protocol";

export interface FormTarget {
  policy: Policy;
  vmId?: string;
  portNumber?: number;
  values?: FormValues;
  /** The results screen to show again (window reload); without it the form starts editable. */
  phase?: Extract<Phase, { kind: "done" }>;
  /** The subscription's display name (the form names it instead of its id); the id shows when unknown. */
  subscriptionName?: string;
}

export function readSettings(): FormSettings {
  const { defaultDuration, justificationTemplate, requireJustification } = jitSettings();
  return { defaultDuration, justificationTemplate, requireJustification };
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Only the bundle folder: the form needs main.js and main.css, nothing else from disk.
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")],
  };
}

export class RequestFormPanel implements vscode.Disposable {
  private policy: Policy;
  private phase: Phase = { kind: "editing" };
  private undelivered = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    target: FormTarget,
    private readonly onDisposed: () => void,
  ) {
    this.policy = target.policy;
    panel.webview.options = webviewOptions(services.context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      services.policies.onDidChangePolicy((p) => {
        if (!sameId(p.id, this.policy.id)) return;
        // New requests change the policy every poll; the form only redraws (and moves focus) when VMs or ports did.
        const redraw = JSON.stringify(p.virtualMachines) !== JSON.stringify(this.policy.virtualMachines);
        this.policy = p;
        if (redraw) void this.post({ type: "policy", policy: p });
      }),
    );
    this.show(target);
  }

  get policyId(): string {
    return this.policy.id;
  }

  /** (Re)draws the form for a target; a new render starts fresh (the webview ignores older saved state). */
  show(target: FormTarget): void {
    if (this.phase.kind === "busy") {
      this.panel.reveal();
      return;
    }
    this.policy = target.policy;
    this.phase = target.phase ?? { kind: "editing" };
    this.undelivered = false;
    const vmName = target.vmId ? vmLabel(target.vmId) : undefined;
    this.panel.title = vmName
      ? vscode.l10n.t("Request access: {0}", vmName)
      : vscode.l10n.t("Request access: {0}", this.policy.name);
    const init: FormInit = {
      renderId: randomBytes(8).toString("hex"),
      policy: this.policy,
      vmId: target.vmId,
      portNumber: target.portNumber,
      settings: readSettings(),
      l10n: vscode.l10n.bundle ?? {},
      serverOffsetMs: this.services.clock.offsetMs,
      values: target.values,
      phase: target.phase,
      ...(target.subscriptionName ? { subscriptionName: target.subscriptionName } : {}),
    };
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.services.context.extensionUri, "dist", "webview");
    webview.html = formHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString("base64"),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "main.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "main.css")).toString(),
      state: init,
      lang: vscode.env.language,
      title: vscode.l10n.t("Request JIT access"),
    });
    this.panel.reveal();
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.disposed ? Promise.resolve(false) : this.panel.webview.postMessage(message);
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    // A hidden webview drops messages; remember to tell it when it shows again and says "ready".
    this.undelivered = true;
    void this.post({ type: "phase", phase }).then((delivered) => {
      if (delivered && this.phase === phase) this.undelivered = false;
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.services.log.warn(`Request form: ignored a malformed message from the webview (${parsed.error})`);
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case "ready":
        // Busy survives hide/show only here (the webview never restores "busy" on its own); a result that
        // arrived while hidden is sent now. Otherwise the webview's own saved state is the latest.
        if (this.phase.kind === "busy" || this.undelivered) this.setPhase(this.phase);
        return;
      case "close":
        this.panel.dispose();
        return;
      case "connect": {
        const vm = findVm(this.policy, message.vmId);
        if (!vm) {
          this.services.log.warn("Request form: connect asked for a VM that is not in the policy");
          return;
        }
        // The ports this form opened on the VM: Connect must use one of them, not whichever the VM lists first.
        const ports =
          this.phase.kind === "done"
            ? this.phase.outcomes.filter((o) => o.ok && sameId(o.vmId, vm.id)).map((o) => o.port)
            : [];
        await vscode.commands.executeCommand(COMMAND.connect, { kind: "vm", policy: this.policy, vmId: vm.id, ports });
        return;
      }
      case "submit":
        await this.submit(message.values);
        return;
      case "keepOpen": {
        // The ports this form opened; Keep Open asks its own confirmation for an any-source grant.
        const refs =
          this.phase.kind === "done"
            ? this.phase.outcomes
                .filter((o) => o.ok)
                .map((o) => ({ policyId: this.policy.id, vmId: o.vmId, portNumber: o.port }))
            : [];
        for (const ref of refs) {
          if (message.on) await vscode.commands.executeCommand(COMMAND.keepOpen, ref);
          else await this.services.grants.stopKeepOpen(ref, "turned off in the request form");
        }
        return;
      }
    }
  }

  private async submit(values: FormValues): Promise<void> {
    if (this.phase.kind === "busy") return;
    const policy = this.services.policies.find(this.policy.id) ?? this.policy;
    // The countdown spins for these ports while the request is in flight (the tracker marks them), as for the
    // one-click requests; the tracker remembers the request even when this panel is closed meanwhile.
    const result = await submitValues(this.services, policy, values, readSettings(), () =>
      this.setPhase({ kind: "busy" }),
    );
    if (result.kind === "invalid") {
      void this.post({ type: "errors", errors: result.errors });
      return;
    }
    if (this.disposed) return;
    const answer = result.outcome.ok ? { request: result.outcome.request } : { error: result.outcome.error };
    this.setPhase(resultsPhase(outcomesFor(policy, result.body, answer)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}

export function createPanel(extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t("Request JIT access"), vscode.ViewColumn.Active, {
    ...webviewOptions(extensionUri),
    // getState/setState keep the form across hide/show; retaining the whole context would cost memory.
    retainContextWhenHidden: false,
  });
}
