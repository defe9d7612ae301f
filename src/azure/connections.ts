// The keep-alive connection pool every SDK client of this extension host shares, and its read window.
import { createSecureContext } from "node:tls";
import { createDefaultHttpClient, type HttpClient, type TlsSettings } from "@azure/core-rest-pipeline";
import type { ArmSettings } from "./clientOptions";
import { ReadPacer } from "./readPacer";

/**
 * One HTTP client per extra CA: the client keeps one keep-alive agent per TLS settings object, so every SDK client
 * built with the same pool and CA shares sockets and TLS sessions instead of paying a handshake each. Tenants differ
 * only in their token, which is per request: they share it too.
 */
export interface ArmConnections {
  readonly byCa: Map<string, { httpClient: HttpClient; tlsOptions?: TlsSettings }>;
  /** How many reads go out at once, for every client of the pool (readPacer.ts). */
  readonly pacer: ReadPacer;
}

export function newConnections(pacer: ReadPacer = new ReadPacer()): ArmConnections {
  return { byCa: new Map(), pacer };
}

/** The pool of every subscription and tenant of this extension host. */
export const sharedConnections: ArmConnections = newConnections();

export function connectionsFor(settings: ArmSettings): { httpClient: HttpClient; tlsOptions?: TlsSettings } {
  const pool = settings.connections ?? sharedConnections;
  const key = settings.caPem ?? "";
  let found = pool.byCa.get(key);
  if (!found) {
    found = {
      httpClient: createDefaultHttpClient(),
      // `ca` replaces Node's root store for these calls. Only a custom cloud gets a caPem (accounts.ts), and its
      // Resource Manager is what that CA signs. Appending the ~140 public roots instead was measured to cost a
      // secure context per connection: the 50-subscription load went from 0.31 s to 1.24 s (npm run bench).
      // One secure context for every connection of the pool: Node otherwise builds one (parsing the CA) for each new
      // socket, measured at about a tenth of the CPU of a 50-subscription cold load (docs/performance.md).
      ...(settings.caPem
        ? {
            tlsOptions: {
              ca: settings.caPem,
              secureContext: createSecureContext({ ca: settings.caPem }),
            } as TlsSettings,
          }
        : {}),
    };
    pool.byCa.set(key, found);
  }
  return found;
}
