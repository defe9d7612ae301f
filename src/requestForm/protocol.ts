// The messages and state shared by the request form's host side (src/requestForm) and its browser side (webview/).
// Pure types: both sides import them, so a change to the protocol breaks the build on both sides at once.
import type { Policy } from "../core/types";
import type { FieldError } from "../core/requestPlan";

export { REQUEST_FORM_VIEW_TYPE as VIEW_TYPE } from "../core/contributionIds";

/** Where the source address comes from. "myIp" omits the prefix so Azure uses the caller's public IP. */
export type SourceValue = { kind: "myIp" } | { kind: "prefix"; text: string } | { kind: "custom"; text: string };

/** What the user filled in; also what the webview saves with setState so nothing typed is lost. */
export interface FormValues {
  vms: Array<{ vmId: string; ports: number[] }>;
  source: SourceValue;
  durationMs: number;
  justification: string;
  /** The user ticked "I understand any address may connect" (needed for `*` / `0.0.0.0/0`). */
  confirmAnySource: boolean;
}

export interface FormSettings {
  /** azureJit.defaultDuration, ISO-8601 ("PT1H"). */
  defaultDuration: string;
  /** azureJit.justificationTemplate. */
  justificationTemplate: string;
  /** azureJit.requireJustification. */
  requireJustification: boolean;
}

/** Everything the webview needs to draw the form; embedded in the HTML and saved by the webview. */
export interface FormInit {
  /** New per render: a state saved by the webview is restored only into the render that saved it. */
  renderId: string;
  policy: Policy;
  /** Subscription display name, when known. */
  subscriptionName?: string;
  /** The VM / port the command came from: preselected. */
  vmId?: string;
  portNumber?: number;
  settings: FormSettings;
  /** vscode.l10n.bundle: the webview cannot call vscode.l10n, so it translates with the same bundle. */
  l10n: Record<string, string>;
  /** Server time minus local time (ServerClock.offsetMs), so the webview validates against the same "now". */
  serverOffsetMs: number;
  /** Values to restore (window reload). */
  values?: FormValues;
  /** The results screen to restore (window reload), so a request already sent is not one click from being sent again. */
  phase?: Extract<Phase, { kind: "done" }>;
}

/** The outcome of one requested port after submit. */
export interface PortOutcome {
  vmId: string;
  vmName: string;
  port: number;
  ok: boolean;
  /** Epoch ms the window closes (ok only). */
  endTimeUtc?: number;
  /** Azure's status for the port ("Initiating", "Initiated", …) (ok only). */
  status?: string;
  /** Why it failed, in human words (translated). */
  message?: string;
  /** What to do about it (translated). */
  action?: string;
}

export type Phase =
  { kind: "editing" } | { kind: "busy" } | { kind: "done"; outcomes: PortOutcome[]; connectVmIds: string[] };

/** What the webview saves with setState: survives hide/show and, through the serializer, window reload. */
export interface SavedState {
  v: 1;
  init: FormInit;
  values?: FormValues;
  phase?: Phase;
}

// ---- webview → host ----
export type WebviewMessage =
  | { type: "ready" }
  | { type: "submit"; values: FormValues }
  | { type: "connect"; vmId: string }
  /** The results' "Keep this access open" checkbox. */
  | { type: "keepOpen"; on: boolean }
  | { type: "close" };

// ---- host → webview ----
export type HostMessage =
  | { type: "policy"; policy: Policy }
  | { type: "phase"; phase: Phase }
  /** The host refused the values (it validates again and is the authority). */
  | { type: "errors"; errors: FieldError[] };
