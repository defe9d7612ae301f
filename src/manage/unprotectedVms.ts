// "Not configured" VMs for the tree: the subscription's VMs (one VM listing per subscription, cached) minus those
// any loaded policy covers, recomputed from the policy store on every read so an enable shows up at once.
// The tree (src/tree) owns the rendering; unprotectedPresentation.ts hands it nodes and ItemViews.
import * as vscode from "vscode";
import { isJitFailure } from "../azure/errors";
import type { JitError } from "../core/errors";
import { unprotectedVms, type ListedVm, type UnprotectedVm } from "../core/unprotectedVms";
import type { Services } from "../services";

/** Lists a subscription's VMs; in the extension: `(id) => listVirtualMachines(armSettingsFor(id), id)`. */
export type VmLister = (subscriptionId: string) => Promise<ListedVm[]>;

export interface UnprotectedVmResult {
  vms?: UnprotectedVm[];
  error?: JitError;
}

export class UnprotectedVmSource implements vscode.Disposable {
  private readonly listings = new Map<string, Promise<ListedVm[]>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a subscription id when its VM listing was reloaded, or undefined for all. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly services: Services,
    private readonly listVms: VmLister,
  ) {}

  /** The subscription's VMs no loaded policy covers. The VM listing is fetched once and kept until refresh(). */
  async get(subscriptionId: string): Promise<UnprotectedVmResult> {
    const key = subscriptionId.toLowerCase();
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.listVms(subscriptionId);
      this.listings.set(key, listing);
      // A failed listing is not cached: the next expand tries again.
      listing.catch(() => this.listings.delete(key));
    }
    try {
      const listed = await listing;
      const policies = this.services.policies.all().filter((p) => p.subscriptionId.toLowerCase() === key);
      return { vms: unprotectedVms(listed, policies) };
    } catch (e) {
      if (isJitFailure(e)) return { error: e.error };
      return { error: { kind: "unknown", message: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Forget cached listings (the tree's Refresh); fires onDidChange. */
  refresh(subscriptionId?: string): void {
    if (subscriptionId === undefined) this.listings.clear();
    else this.listings.delete(subscriptionId.toLowerCase());
    this.changed.fire(subscriptionId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
