// The records of the grant tracker (src/grants/tracker.ts), as the UI parts read them through Services.grants.
// Data only: the tracker keeps them in globalState across reloads, and reads them back defensively.
import type { RepeatedRequest } from "./quickChoice";

export interface LastRequest extends RepeatedRequest {
  policyId: string;
  vmId: string;
  port: number;
  /** Server-corrected time the request was sent (or confirmed). */
  requestedAt: number;
}

/** What was sent: the request form and the one-click flows both fit this. */
export interface SentRequest {
  policyId: string;
  vms: ReadonlyArray<{ vmId: string; ports: readonly number[] }>;
  source?: string;
  durationMs: number;
  justification?: string;
  /** Server time the request was sent. */
  requestedAtMs: number;
}

export interface RememberedGrant {
  policyId: string;
  vmId: string;
  port: number;
  vmName: string;
  startTimeUtc?: number;
  /** Azure's endTimeUtc: from the 202, then from each read (docs/azure-behaviour.md#a-grant-ends-at-azures-endtimeutc). */
  endTimeUtc: number;
  /** Azure reports it Initiating. */
  opening?: boolean;
  warned?: boolean;
  endedNotified?: boolean;
}

/** A request between "Request" and Azure's answer. */
export interface PendingRequest {
  vmName: string;
  port: number;
  /** Known for every request the extension sends; lets Connect find the request for its port. */
  policyId?: string;
  vmId?: string;
}

/** A reference to one granted port that survives a reload: notifications and the grants quick pick pass these. */
export interface GrantRef {
  policyId: string;
  vmId: string;
  portNumber: number;
}

/** A request in policy.requests counts as this user's when it started this close to a remembered request. */
export const MINE_WINDOW_MS = 5 * 60_000;

export function grantKey(policyId: string, vmId: string, port: number): string {
  return `${policyId.toLowerCase()}|${vmId.toLowerCase()}|${port}`;
}
