// The `azureJit.policies` view: subscription → location → policy → VM → port. Items are computed by the pure
// presentation modules; this file turns them into TreeItems, loads children on expansion, and re-renders only the
// nodes the store says changed (plus the countdowns and "ended … ago" texts, once a minute, without any network call).
import * as vscode from "vscode";
import { expiryWarningMs } from "../core/settings";
import { jitSettings } from "../settings";
import { activeGrants, portAccess } from "../core/accessState";
import { nextEndedRenderDelay, nextRenderDelay } from "../core/pollSchedule";
import type { AzureAccounts } from "../auth/accounts";
import type { ItemView } from "./itemView";
import { presentNode } from "./nodePresentation";
import { ids, type PortNode, type TreeNode } from "./nodes";
import type { JitPolicyStore } from "../policies/store";
import { portDescription } from "./portPresentation";
import { TreeModel, type UnprotectedResult } from "./treeModel";
import type { Me } from "../core/accessState";

import { VIEW_ID } from "../core/contributionIds";

export { VIEW_ID };
/** "signedIn" or "signedOut"; unset until known, so the welcome content (package.json) shows nothing before. */
const SIGN_IN_STATE = "azureJit.signInState";

/** The "Not configured" VMs (src/manage/unprotectedVms.ts): VM listing cached per subscription, minus covered VMs. */
export interface UnprotectedSource {
  get(subscriptionId: string): Promise<UnprotectedResult>;
  /** A subscription's listing (or every listing, undefined) was dropped. */
  readonly onDidChange: vscode.Event<string | undefined>;
}

export class PolicyTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model = new TreeModel();
  private readonly disposables: vscode.Disposable[];
  private tick: ReturnType<typeof setTimeout> | undefined;
  private ticking = new Set<string>();
  private visible = false;
  /** Subscriptions the view has expanded, by lower-case id: only these have their VMs listed, never at activation. */
  private readonly listed = new Map<string, string>();
  /** The latest unprotected-VM computation per subscription; an older one answering late is dropped. */
  private readonly listingRuns = new Map<string, number>();
  /** The description each port item was last rendered with: an "ended … ago" re-renders only when it changed. */
  private readonly shownPortText = new Map<string, string>();

  constructor(
    private readonly store: JitPolicyStore,
    private readonly accounts: AzureAccounts,
    private readonly serverNow: () => number,
    private readonly unprotected?: UnprotectedSource,
    /** Who "me" is (src/grants/me.ts): ports open only for someone else show as theirs, and the VM's "n open" counts mine. */
    private readonly me: () => Me | undefined = () => undefined,
  ) {
    this.disposables = [
      this.changed,
      store.onDidChangeRoot(() => this.fire(undefined)),
      store.onDidChangeSubscription((s) => {
        const node = this.model.get(ids.subscription(s.subscriptionId));
        if (node) this.fire(node);
        this.updateUnprotected(s.subscriptionId);
        this.scheduleTick();
      }),
      store.onDidChangePolicy((policy) => {
        this.model.updatePolicy(policy);
        const node = this.model.get(ids.policy(policy.id));
        // The policy item re-renders with its expanded VMs and ports; nothing else in the tree is touched.
        if (node) this.fire(node);
        // A VM just added to a policy leaves "Not configured" at once (the VM listing itself is not re-read).
        this.updateUnprotected(policy.subscriptionId);
        this.scheduleTick();
      }),
    ];
    if (unprotected) {
      this.disposables.push(
        // A listing was dropped (refresh, retry, account change): the next read goes to Azure, so show progress.
        unprotected.onDidChange((subscriptionId) => {
          if (subscriptionId !== undefined) this.updateUnprotected(subscriptionId, true);
          else for (const id of this.listed.values()) this.updateUnprotected(id, true);
        }),
      );
    }
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.renderCountdowns();
    else this.stopTick();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    // The same validated value as the status bar's (read raw here, 120 used to give the tree a 120-minute warning).
    const view = presentNode(node, {
      serverNow: this.serverNow(),
      warningMs: expiryWarningMs(jitSettings()),
      me: this.me(),
    });
    if (node.kind === "port" && view.description !== undefined) this.shownPortText.set(node.id, view.description);
    return toTreeItem(view, node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootChildren();
    if (node.kind === "subscription") {
      const result = await this.store.resultWhenLoaded(node.subscription);
      const children = this.model.subscriptionChildren(result);
      const key = node.subscription.subscriptionId.toLowerCase();
      if (!this.listed.has(key)) {
        // The policies show now; "Not configured" joins them when the VM listing answers.
        this.listed.set(key, node.subscription.subscriptionId);
        this.updateUnprotected(node.subscription.subscriptionId, true);
      }
      this.scheduleTick();
      return children;
    }
    const children = this.model.children(node, (id) => this.store.result(id));
    // Newly shown ports may say "ended … ago": that text ages too.
    if (node.kind === "vm") this.scheduleTick();
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case "port":
        return this.model.get(ids.vm(node.policy.id, node.vmId));
      case "vm":
        return this.model.get(ids.policy(node.policy.id));
      case "policy":
        return this.model.get(ids.location(node.policy.subscriptionId, node.policy.location));
      case "location":
      case "empty":
      case "notConfigured":
        return this.model.get(ids.subscription(node.subscription.subscriptionId));
      case "unprotectedVm":
        return this.model.get(ids.notConfigured(node.subscriptionId));
      case "error":
        if (node.subscription && node.source === "vmListing")
          return this.model.get(ids.notConfigured(node.subscription.subscriptionId));
        return node.subscription ? this.model.get(ids.subscription(node.subscription.subscriptionId)) : undefined;
      case "action":
        return node.target;
      default:
        return undefined;
    }
  }

  private async rootChildren(): Promise<TreeNode[]> {
    await setContext("azureJit.authMode", this.accounts.mode);
    const rootLoad = this.store.loadRoot();
    const loading = vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => rootLoad);
    // The welcome content keys on this: set it once the (silent) session check answers, not after the whole
    // directory listing, and never before it is known, so a signed-in user never sees "Sign in to Azure…" flash.
    const early = this.store
      .signInKnown()
      .then((signedIn) =>
        signedIn === undefined ? undefined : setContext(SIGN_IN_STATE, signedIn ? "signedIn" : "signedOut"),
      );
    const root = await loading;
    await early;
    await setContext(SIGN_IN_STATE, root.kind === "notSignedIn" ? "signedOut" : "signedIn");
    await setContext(
      "azureJit.noSubscriptions",
      root.kind === "loaded" && root.subscriptions.length === 0 && root.failedTenants.length === 0,
    );
    if (root.kind === "notSignedIn" || root.kind === "idle") return [];
    if (root.kind === "failed") return [this.model.rootError(root.error)];
    // The whole selection loads at once; each subscription shows its children as soon as its own result is in.
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.store.loadAll());
    const tenantNames = new Map<string, string>();
    for (const tenant of await this.accounts.tenantList().catch(() => [])) {
      if (tenant.displayName) tenantNames.set(tenant.tenantId.toLowerCase(), tenant.displayName);
    }
    return [
      ...this.model.subscriptions(root.subscriptions, tenantNames),
      ...this.model.directoryErrors(root.failedTenants),
    ];
  }

  /**
   * Recomputes an expanded subscription's "Not configured" VMs from its cached VM listing and the policies loaded
   * now, and re-renders only what changed. Not for a subscription whose policies failed: which VMs are protected
   * is unknown there.
   */
  private updateUnprotected(subscriptionId: string, showProgress = false): void {
    const source = this.unprotected;
    const key = subscriptionId.toLowerCase();
    if (!source || !this.listed.has(key)) return;
    const run = (this.listingRuns.get(key) ?? 0) + 1;
    this.listingRuns.set(key, run);
    const policiesKnown = (): boolean => {
      const result = this.store.result(key);
      return result !== undefined && result.error === undefined;
    };
    const apply = (result: UnprotectedResult | undefined): void => {
      if (this.listingRuns.get(key) !== run) return;
      const changed = this.model.setUnprotected(subscriptionId, policiesKnown() ? result : undefined);
      if (changed.length > 0) this.fire(changed);
    };
    if (!policiesKnown()) {
      apply(undefined);
      return;
    }
    const done = source
      .get(subscriptionId)
      .then(apply, (e: unknown) =>
        apply({ error: { kind: "unknown", message: e instanceof Error ? e.message : String(e) } }),
      );
    // Runs after a policy change re-use the cached listing: no progress bar for those.
    if (showProgress) void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => done);
  }

  private fire(node: TreeNode | TreeNode[] | undefined): void {
    this.changed.fire(node);
  }

  // --- countdowns: "41 min left" turns into "40 min left" without a network call -----------------------------

  private scheduleTick(): void {
    this.stopTick();
    if (!this.visible) return;
    const now = this.serverNow();
    // Everyone's open ports, not only mine: "open for bob… 1 h 50 min left" counts down on screen too.
    const grants = activeGrants(this.store.all(), now);
    const remaining = grants.flatMap((g) => (g.access.remainingMs !== undefined ? [g.access.remainingMs] : []));
    const delays = [
      nextRenderDelay(remaining),
      nextEndedRenderDelay(this.endedPorts(now).map((p) => p.endedAgoMs)),
    ].filter((d): d is number => d !== undefined);
    const delay = delays.length > 0 ? Math.min(...delays) : undefined;
    this.ticking = new Set(grants.map((g) => g.policy.id.toLowerCase()));
    if (delay !== undefined) this.tick = setTimeout(() => this.renderCountdowns(), delay);
  }

  /** Port items on screen that say "ended … ago", with the text they would show now. */
  private endedPorts(now: number): Array<{ node: PortNode; endedAgoMs: number; text: string }> {
    const ended: Array<{ node: PortNode; endedAgoMs: number; text: string }> = [];
    const me = this.me();
    for (const node of this.model.all()) {
      if (node.kind !== "port" || !this.shownPortText.has(node.id)) continue;
      const access = portAccess(node.policy, node.vmId, node.portNumber, now, me);
      if (access.kind === "ended" && access.endedAgoMs !== undefined) {
        ended.push({ node, endedAgoMs: access.endedAgoMs, text: portDescription(access) });
      }
    }
    return ended;
  }

  private stopTick(): void {
    if (this.tick) clearTimeout(this.tick);
    this.tick = undefined;
  }

  /**
   * Re-renders the VM and port items of policies that had or have an open port (so an end flips to "ended"), and
   * the ended ports whose "… ago" text changed.
   */
  private renderCountdowns(): void {
    const now = this.serverNow();
    const policies = new Set(this.ticking);
    for (const g of activeGrants(this.store.all(), now)) policies.add(g.policy.id.toLowerCase());
    const nodes = new Set<TreeNode>();
    for (const node of this.model.all()) {
      if ((node.kind === "vm" || node.kind === "port") && policies.has(node.policy.id.toLowerCase())) nodes.add(node);
    }
    for (const { node, text } of this.endedPorts(now)) if (this.shownPortText.get(node.id) !== text) nodes.add(node);
    if (nodes.size > 0) this.fire([...nodes]);
    this.scheduleTick();
  }

  dispose(): void {
    this.stopTick();
    for (const d of this.disposables) d.dispose();
  }
}

const collapsible: Record<ItemView["collapsible"], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(view: ItemView, node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, collapsible[view.collapsible]);
  item.id = view.id;
  if (view.description !== undefined) item.description = view.description;
  if (view.tooltip !== undefined) {
    // Untrusted: no command links, no HTML, no theme-icon syntax; remote values are escaped by the presentation.
    const tooltip = new vscode.MarkdownString(view.tooltip, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
  }
  if (view.icon) {
    item.iconPath = new vscode.ThemeIcon(
      view.icon.id,
      view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined,
    );
  }
  item.contextValue = view.contextValue;
  if (view.command) {
    const argument = node.kind === "action" ? node.target : node;
    item.command = {
      command: view.command.command,
      title: view.command.title,
      ...(view.command.withNode ? { arguments: [argument] } : {}),
    };
  }
  return item;
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand("setContext", key, value);
}
