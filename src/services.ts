// What the UI parts share (the Services contract: docs/architecture.md#services). Built once in extension.ts; the request form, status bar
// and connect parts receive it. Nothing here touches the network until a method is called.
import type * as vscode from "vscode";
import type { JitApi } from "./azure/jit";
import type { Me } from "./core/accessState";
import type { JitError } from "./core/errors";
import type { Event } from "./core/events";
import type { DueNotice } from "./core/expiryNotices";
import type { GrantRef, LastRequest, PendingRequest, RememberedGrant } from "./core/grantRecords";
import type { AccessChoice } from "./core/requestPlan";
import type { KeepOpenEntry, StopReason } from "./core/renewal";
import type { PolicyRef } from "./core/resourceId";
import type { ServerClock } from "./core/serverClock";
import type { InitiateBody, JitRequest, Policy, Subscription, VmAddress } from "./core/types";

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Fed by every ARM response's Date header. */
  readonly clock: ServerClock;
  /** clock.now(Date.now()) */
  serverNow(): number;
  readonly accounts: Accounts;
  readonly policies: PolicyStore;
  /** The one owner of this user's grants (src/grants/tracker.ts). */
  readonly grants: Grants;
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

/** A request planned once by its caller (planInitiate with requestedAtMs), ready to send. */
export interface PlannedRequest {
  choice: AccessChoice;
  body: InitiateBody;
  /** Server time the plan was made with (and the request sent at). */
  requestedAtMs: number;
}

export type RequestOutcome = { ok: true; request: JitRequest } | { ok: false; error: JitError };

export interface RequestOptions {
  /** Wraps the one initiate (e.g. in a progress notification); must call send exactly once. */
  progress?(send: () => Promise<JitRequest>): PromiseLike<JitRequest>;
}

/** A notice the tracker found due (the status bar shows it), with the grants it is about. */
export interface GrantNotice {
  notice: DueNotice;
  refs: GrantRef[];
}

export interface Grants {
  /** The remembered grants (opening, open, recently ended), soonest end first after each reconciliation. */
  grants(): RememberedGrant[];
  /** Requests in flight (between "Request" and Azure's answer). */
  pending(): PendingRequest[];
  grant(policyId: string, vmId: string, port: number): RememberedGrant | undefined;
  /** What re-request repeats for this VM and port. */
  lastRequest(policyId: string, vmId: string, port: number): LastRequest | undefined;
  isMine(policyId: string, vmId: string, port: number, startTimeUtc: number | undefined): boolean;
  /** Who "me" is now (docs/azure-behaviour.md#who-me-is). */
  me(): Me;
  /** Resolves when the requests in flight for this port have settled; undefined when none is. */
  whenSettled(policyId: string, vmId: string, port: number): Promise<void> | undefined;
  /** The one request function: exactly one initiate, remembered with the 202's end, one fast watch. */
  request(planned: PlannedRequest, options?: RequestOptions): Promise<RequestOutcome>;
  /** Stops showing an ended grant. */
  dismiss(policyId: string, vmId: string, port: number): Promise<void>;
  /** Reconciles now (a setting changed); resolves when done. */
  tick(): Promise<void>;
  /** Every kept-open port (shared by all windows). */
  keptOpen(): KeepOpenEntry[];
  keepOpenOf(policyId: string, vmId: string, port: number): KeepOpenEntry | undefined;
  /** Keep open on (renew shortly before each end, until the cap); an any-source grant needs anySourceConfirmed. */
  keepOpen(ref: GrantRef, options?: { anySourceConfirmed?: boolean }): Promise<KeepOpenResult>;
  /** Keep open off; the current grant runs to its end. */
  stopKeepOpen(ref: GrantRef, why?: string): Promise<void>;
  stopAllKeepOpen(why: string): Promise<void>;
  readonly onKeepOpenStopped: Event<KeepOpenStopped>;
  /** Grants, in-flight requests or the time shown changed: redraw. */
  readonly onDidChange: Event<void>;
  readonly onNotice: Event<GrantNotice>;
}

export type KeepOpenResult =
  | { ok: true; entry: KeepOpenEntry }
  | { ok: false; reason: "notOpen" | "needsAnySourceConfirmation" | "cap"; message: string };

/** Keep-open stopped on its own: why, and when the current grant ends. */
export interface KeepOpenStopped {
  entry: KeepOpenEntry;
  reason: StopReason;
  endTimeUtc?: number;
}
