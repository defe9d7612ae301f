import * as vscode from "vscode";
import { COMMAND } from "../core/commandIds";
import { expiryWarningMs } from "../core/settings";
import { countdownView, nextTickDelay, recentlyEndedGrants } from "../core/countdown";
import { dueNotices, type DueNotice } from "../core/expiryNotices";
import { parsePolicyId } from "../core/resourceId";
import { GrantMemory, grantKey, type RememberedGrant } from "../grants/grantMemory";
import { onDidChangePending, pendingRequests } from "../grants/pending";
import type { GrantRef } from "../grants/portTarget";
import { meFor } from "../grants/me";
import { reconcileGrants } from "../grants/reconcile";
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

const WARNING_NOTIFICATION_SETTING = "azureJit.expiryWarningNotification";

/** After activation, not during it (no network at activation): then refresh only the remembered grants' policies. */
export const RECONCILE_DELAY_MS = 3000;

// The countdown item. One timer, set to the next moment the text, the warning or a notice changes; none when
// nothing is open. Time is the server's (services.serverNow()), since endTimeUtc is the server's.
export class CountdownItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly memory: GrantMemory;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watched = new Set<string>();
  /** Holds the store's periodic poll while this user has grants (the tree view may be hidden). */
  private keepAlive: vscode.Disposable | undefined;
  /** StatusBarItem has no visibility getter; kept for snapshot(). */
  private shown = false;

  constructor(private readonly services: Services) {
    this.memory = GrantMemory.forContext(services.context);
    this.item = vscode.window.createStatusBarItem("azureJit.countdown", vscode.StatusBarAlignment.Left, -100);
    this.item.name = vscode.l10n.t("Azure JIT Access Countdown");
    this.item.command = COMMAND.showGrants;
    this.disposables.push(
      this.item,
      services.policies.onDidChangePolicy(() => this.reconcileSoon()),
      this.memory.onDidChange(() => this.render()),
      onDidChangePending(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("azureJit.expiryWarningMinutes") || e.affectsConfiguration(WARNING_NOTIFICATION_SETTING)) this.tick();
      }),
    );
    this.render();
    const startup = setTimeout(() => void this.reconcileWithAzure(), RECONCILE_DELAY_MS);
    this.disposables.push({ dispose: () => clearTimeout(startup) });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.keepAlive?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Refreshes the policies of the remembered grants (after a reload), then reconciles. */
  async reconcileWithAzure(): Promise<void> {
    const ids = new Map<string, string>();
    for (const g of this.memory.grants()) ids.set(g.policyId.toLowerCase(), g.policyId);
    await Promise.all(
      [...ids.values()].map(async (id) => {
        const ref = parsePolicyId(id);
        if (!ref) return;
        try {
          await this.services.policies.refresh(ref);
        } catch (e) {
          this.services.log.warn(`Could not refresh policy ${id} for the countdown: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
    this.tick();
  }

  private reconcilePending = false;
  private reconcileSoon(): void {
    // Several policies change in one refresh: reconcile once.
    if (this.reconcilePending) return;
    this.reconcilePending = true;
    queueMicrotask(() => {
      this.reconcilePending = false;
      this.tick();
    });
  }

  private updating: Promise<void> = Promise.resolve();
  private tick(): void {
    // One update at a time: two interleaved updates would both see a notice as due and show it twice.
    this.updating = this.updating
      .then(() => this.update())
      .catch((e) => this.services.log.error(`Countdown update failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async update(): Promise<void> {
    const now = this.services.serverNow();
    const memory = this.memory;
    let grants = reconcileGrants(memory.grants(), this.services.policies.all(), (p, v, port, start) => memory.isMine(p, v, port, start), now, meFor(this.services));
    this.watchOpening(grants);

    const settings = jitSettings();
    const notices = dueNotices(
      grants.map((g) => ({ ...g, key: grantKey(g.policyId, g.vmId, g.port), label: `${g.vmName}:${g.port}` })),
      now,
      { warningMs: expiryWarningMs(settings), warningNotification: settings.expiryWarningNotification },
    );
    if (notices.length > 0) {
      // Marked before showing, so a reload or a quick second tick cannot show them twice.
      grants = grants.map((g) => {
        const key = grantKey(g.policyId, g.vmId, g.port);
        const warned = notices.some((n) => n.kind === "warning" && n.keys.includes(key)) || g.warned;
        const endedNotified = notices.some((n) => n.kind === "ended" && n.keys.includes(key)) || g.endedNotified;
        return { ...g, warned, endedNotified };
      });
    }
    await memory.setGrants(grants);
    this.holdPolling(grants.some((g) => g.opening || g.endTimeUtc > now));
    this.render();
    for (const notice of notices) this.showNotice(notice, grants);
    for (const g of grants) if (g.endTimeUtc <= now) this.refreshEnded(g);
  }

  private render(): void {
    const now = this.services.serverNow();
    const grants = this.memory.grants();
    const pending = pendingRequests();
    const warningMs = expiryWarningMs(jitSettings());
    const view = countdownView(
      [...grants.map((g) => ({ vmName: g.vmName, port: g.port, endTimeUtc: g.endTimeUtc, opening: g.opening })), ...pending.map((p) => ({ ...p, endTimeUtc: 0, opening: true }))],
      now,
      warningMs,
    );
    this.shown = view !== undefined;
    if (!view) {
      this.item.hide();
    } else {
      this.item.text = view.text;
      this.item.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
      this.item.tooltip = view.ended
        ? endedTooltip(recentlyEndedGrants(grants, now), now)
        : countdownTooltip(grants.filter((g) => g.opening || g.endTimeUtc > now), pending, now);
      this.item.accessibilityInformation = { label: vscode.l10n.t("Azure JIT access: {0}", view.text.replace(/^\$\([^)]*\)\s*/, "")) };
      this.item.show();
    }
    this.schedule(grants.filter((g) => !g.opening).map((g) => g.endTimeUtc), now, warningMs, grants.some((g) => g.opening));
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

  private schedule(endTimes: number[], now: number, warningMs: number, opening: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Ended grants wait for their notice: one more tick right after the end.
    const delay = nextTickDelay(endTimes, now, warningMs) ?? (opening ? 5000 : undefined);
    if (delay !== undefined) this.timer = setTimeout(() => this.tick(), delay);
  }

  private holdPolling(active: boolean): void {
    if (active && !this.keepAlive) this.keepAlive = this.services.policies.keepAlive();
    else if (!active && this.keepAlive) {
      this.keepAlive.dispose();
      this.keepAlive = undefined;
    }
  }

  private watchOpening(grants: RememberedGrant[]): void {
    for (const g of grants) {
      const key = `${grantKey(g.policyId, g.vmId, g.port)}|${g.endTimeUtc}`;
      if (!g.opening || this.watched.has(key)) continue;
      this.watched.add(key);
      const ref = parsePolicyId(g.policyId);
      if (ref) this.services.policies.watch(ref);
    }
  }

  private readonly refreshedAtEnd = new Set<string>();
  /** Azure has the last word on an ended grant (a renewal may have replaced it): read its policy once. */
  private refreshEnded(g: RememberedGrant): void {
    const key = `${grantKey(g.policyId, g.vmId, g.port)}|${g.endTimeUtc}`;
    if (this.refreshedAtEnd.has(key)) return;
    this.refreshedAtEnd.add(key);
    const ref = parsePolicyId(g.policyId);
    if (!ref) return;
    this.services.policies.refresh(ref).then(
      () => this.tick(),
      (e) => this.services.log.warn(`Could not refresh policy ${g.policyId} after its grant ended: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private showNotice(notice: DueNotice, grants: RememberedGrant[]): void {
    const refs: GrantRef[] = grants
      .filter((g) => notice.keys.includes(grantKey(g.policyId, g.vmId, g.port)))
      .map((g) => ({ policyId: g.policyId, vmId: g.vmId, portNumber: g.port }));
    const reRequest = vscode.l10n.t("Re-request");
    const mute = vscode.l10n.t("Don't Show Again");
    // The ended notice has no mute: it is the one-click way to renew, and muting it would hide that for good.
    const shown =
      notice.kind === "warning"
        ? vscode.window.showWarningMessage(notice.message, reRequest, mute)
        : vscode.window.showInformationMessage(notice.message, reRequest);
    void Promise.resolve(shown).then(async (picked) => {
      if (picked === reRequest) {
        for (const ref of refs) await vscode.commands.executeCommand(COMMAND.reRequest, ref);
      } else if (picked === mute) {
        await turnOffWarnings();
      }
    });
  }
}

/** Turned off in the user's settings, where it shows and can be turned back on: never a hidden flag. */
async function turnOffWarnings(): Promise<void> {
  await vscode.workspace.getConfiguration("azureJit").update("expiryWarningNotification", false, vscode.ConfigurationTarget.Global);
  const open = vscode.l10n.t("Open Setting");
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t("Expiry warnings are off. To get them again, turn on the setting Azure JIT Access › Expiry Warning Notification ({0}).", WARNING_NOTIFICATION_SETTING),
    open,
  );
  if (picked === open) await vscode.commands.executeCommand("workbench.action.openSettings", WARNING_NOTIFICATION_SETTING);
}
