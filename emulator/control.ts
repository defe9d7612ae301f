// /_emulator/* — test controls, no auth: virtual clock, faults, reset, request log, fake NSGs, supersede mode,
// sign-in knobs (auth, auth/revoke), summary.
import type { AuthChecks } from "./auth.js";
import { reply, type Reply } from "./context.js";
import type { Faults } from "./faults.js";
import type { Gate } from "./network/gate.js";
import { networkRoute } from "./network/control.js";
import type { RequestLog } from "./requestLog.js";
import type { Store } from "./store.js";
import { armError } from "./wire.js";

export interface ControlDeps {
  store: Store;
  faults: Faults;
  log: RequestLog;
  /** The network simulation (--network), with the AWS instances' allocated addresses. */
  network?: { gate: Gate; external: ReadonlyMap<string, string> };
  auth: AuthChecks;
}

const bad = (message: string): Reply => reply(400, armError("InvalidControlRequest", message));

export function controlRoute(
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  deps: ControlDeps,
): Reply {
  const { store, faults, log, auth } = deps;
  const what = path.replace(/^\/_emulator\/?/i, "").toLowerCase();
  const clockState = () => ({ now: new Date(store.clock.now()).toISOString(), offsetMs: store.clock.offsetMs });
  switch (`${method} ${what}`) {
    case "GET clock":
      return reply(200, clockState());
    case "POST clock": {
      const seconds = (body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds;
      if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0)
        return bad("The field 'advanceSeconds' is required and must be a number of seconds, 0 or more.");
      store.clock.advance(seconds * 1000);
      return reply(200, clockState());
    }
    case "GET faults":
      return reply(200, { value: faults.list() });
    case "POST faults": {
      const added = faults.add(body);
      if (typeof added === "string") return bad(added);
      const { pattern: _pattern, ...shown } = added;
      return reply(201, shown);
    }
    case "DELETE faults":
      faults.clear();
      return reply(200, { value: [] });
    case "POST reset":
      store.reset();
      deps.network?.gate.reset();
      faults.clear();
      log.clear();
      auth.reset();
      return reply(200, { scenario: store.state.name, ...clockState() });
    case "GET requests":
      return reply(200, { value: log.all() });
    case "DELETE requests":
      log.clear();
      return reply(200, { value: [] });
    case "GET nsg": {
      const vmId = query.get("vmId")?.toLowerCase();
      return reply(200, { value: store.nsgView().filter((n) => !vmId || n.vmId.toLowerCase() === vmId) });
    }
    case "GET supersede":
      return reply(200, { enabled: store.timings.supersede === true });
    case "POST supersede": {
      const enabled = (body as { enabled?: unknown } | undefined)?.enabled;
      if (typeof enabled !== "boolean") return bad("The field 'enabled' is required and must be true or false.");
      store.timings.supersede = enabled;
      return reply(200, { enabled });
    }
    case "GET network":
    case "POST network":
      return networkRoute(method, body, store, deps.network?.gate, deps.network?.external ?? new Map());
    case "GET auth":
      return reply(200, auth.state());
    case "POST auth": {
      const problem = auth.update(body);
      return problem ? bad(problem) : reply(200, auth.state());
    }
    case "POST auth/revoke": {
      const id = (body as { tokenId?: unknown } | undefined)?.tokenId;
      if (id !== undefined && typeof id !== "string") return bad("The field 'tokenId' must be a string when given.");
      const revoked = auth.revoke(id, Math.floor(Date.now() / 1000));
      return revoked
        ? reply(200, { revoked })
        : bad("No token has been seen yet: make a call first, or give 'tokenId'.");
    }
    case "GET state":
      return reply(200, {
        scenario: store.state.name,
        callerIp: store.state.callerIp,
        requestor: store.state.requestor,
        tenants: store.state.tenants,
        subscriptions: store.state.subscriptions,
        ...clockState(),
      });
    default:
      return reply(404, armError("NotFound", `No emulator control at ${method} ${path}.`));
  }
}
