// What a route sees of a request and what it hands back; server.ts does the HTTP around it.
import type { Store } from "./store.js";

export interface RouteContext {
  method: string;
  /** Path with repeated leading slashes collapsed (the SDK's getById sends `//subscriptions/…`). */
  path: string;
  /** Path segments with the caller's casing, and lower-cased for matching (ARM paths are case-insensitive). */
  segments: string[];
  lower: string[];
  query: URLSearchParams;
  body: unknown;
  baseUrl: string;
  store: Store;
  pageSize?: number;
  durationToleranceMs: number;
  /** From the bearer token's claims when it is a JWT, else the scenario's signed-in user. */
  requestor: string;
  /** Tenant claim of a JWT bearer token, used to scope /subscriptions like ARM does. */
  tokenTenantId?: string;
  /** The tenants the token's user is a member of (the `accounts` sign-in knob); undefined: every tenant. */
  memberTenants?: string[];
}

export interface Reply {
  status: number;
  /** Serialized compactly; undefined means an empty body (DELETE 200/204). */
  body?: unknown;
  headers?: Record<string, string>;
}

export function reply(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}
