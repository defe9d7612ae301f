// What the UI parts share (the Services contract: docs/architecture.md#services). Built once in extension.ts; the request form, status bar
// and connect parts receive it. Nothing here touches the network until a method is called.
import type * as vscode from "vscode";
import type { JitApi } from "./azure/jit";
import type { Event } from "./core/events";
import type { PolicyRef } from "./core/resourceId";
import type { ServerClock } from "./core/serverClock";
import type { Policy, Subscription, VmAddress } from "./core/types";

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Fed by every ARM response's Date header. */
  readonly clock: ServerClock;
  /** clock.now(Date.now()) */
  serverNow(): number;
  readonly accounts: Accounts;
  readonly policies: PolicyStore;
}

export interface Accounts {
  /** Selected subscriptions (honours azureResourceGroups.selectedSubscriptions / azureJit.selectSubscriptions). */
  getSubscriptions(): Promise<Subscription[]>;
  /** The JIT API with the credential of the subscription's tenant. */
  jitApi(subscriptionId: string): JitApi;
  vmAddresses(subscriptionId: string): { resolve(vmId: string): Promise<VmAddress> };
  /** The signed-in user's name (session account label or token claim), once a call has been made; optional for test doubles. */
  signedInAs?(): string | undefined;
  /** Sign-in/out, auth mode, cloud or subscription selection changed. */
  readonly onDidChange: vscode.Event<void>;
}

export interface PolicyStore {
  /** Every policy loaded so far (all subscriptions). */
  all(): Policy[];
  find(policyIdOrRef: string | PolicyRef): Policy | undefined;
  /** GET one policy now, update the store and tree, return it. */
  refresh(ref: PolicyRef): Promise<Policy>;
  /** A change was just made (initiate/PUT): poll this policy fast (≈2,4,8 s…) until it settles. */
  watch(ref: PolicyRef): void;
  /** Fires with each policy whose content changed. */
  readonly onDidChangePolicy: Event<Policy>;
  /** Loads everything if not loaded yet (used by command-palette flows). */
  ensureLoaded(): Promise<void>;
  /**
   * Keeps the periodic poll of open ports running while the view is hidden (the status bar's countdown needs it).
   * Dispose to release. Nothing polls while no port is opening or open, whatever is kept alive.
   */
  keepAlive(): { dispose(): void };
}
