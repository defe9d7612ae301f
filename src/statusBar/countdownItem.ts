import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { expiryWarningMs } from "../core/settings";
import { countdownView, recentlyEndedGrants } from "../core/countdown";
import { grantsOfWindow } from "../core/connectedWindow";
import { grantKey } from "../core/grantRecords";
import { jitSettings } from "../settings";
import type { Services } from "../services";
import { countdownTooltip, endedTooltip } from "./tooltip";

export interface CountdownSnapshot {
  visible: boolean;
  text: string;
  /** The tooltip's markdown source. */
  tooltip: string;
  command?: string;
}

// The countdown item: draws the grant tracker's state (text, tooltip, colour), nothing else. The tracker
// (Services.grants) reconciles, times the notices and redraws it (onDidChange) whenever what it shows changes.
// Time is the server's (services.serverNow()), since endTimeUtc is the server's.
export class CountdownItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** StatusBarItem has no visibility getter; kept for snapshot(). */
  private shown = false;

  constructor(
    private readonly services: Services,
    private readonly alias?: string,
  ) {
    this.item = vscode.window.createStatusBarItem("azureJit.countdown", vscode.StatusBarAlignment.Left, -100);
    this.item.name = vscode.l10n.t("Azure JIT Access Countdown");
    this.item.command = COMMAND.showGrants;
    this.disposables.push(
      this.item,
      services.grants.onDidChange(() => this.render()),
    );
    this.render();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private render(): void {
    const now = this.services.serverNow();
    // A Remote - SSH window Connect opened for one VM shows that VM's grants (all of them when none matches).
    const grants = grantsOfWindow(this.alias, this.services.grants.grants());
    const pending = this.services.grants.pending();
    const kept = this.services.grants.keptOpen();
    const keptOf = (g: { policyId: string; vmId: string; port: number }) =>
      kept.find((e) => grantKey(e.policyId, e.vmId, e.port) === grantKey(g.policyId, g.vmId, g.port));
    const view = countdownView(
      [
        ...grants.map((g) => ({
          vmName: g.vmName,
          port: g.port,
          endTimeUtc: g.endTimeUtc,
          opening: g.opening,
          keptOpen: keptOf(g) !== undefined,
        })),
        ...pending.map((p) => ({ ...p, endTimeUtc: 0, opening: true })),
      ],
      now,
      expiryWarningMs(jitSettings()),
    );
    this.shown = view !== undefined;
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    this.item.tooltip = view.ended
      ? endedTooltip(recentlyEndedGrants(grants, now), now)
      : countdownTooltip(
          grants.filter((g) => g.opening || g.endTimeUtc > now),
          pending,
          now,
          kept,
        );
    this.item.accessibilityInformation = {
      label: vscode.l10n.t("Azure JIT access: {0}", view.text.replace(/^\$\([^)]*\)\s*/, "")),
    };
    this.item.show();
  }

  /** What the item shows now (the in-host e2e suite reads it: the vscode API cannot see other status bar items). */
  snapshot(): CountdownSnapshot {
    const tooltip = this.item.tooltip;
    return {
      visible: this.shown,
      text: this.item.text,
      tooltip: typeof tooltip === "string" ? tooltip : (tooltip?.value ?? ""),
      command: typeof this.item.command === "string" ? this.item.command : this.item.command?.command,
    };
  }
}
