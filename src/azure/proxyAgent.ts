// Azure calls through an HTTP CONNECT proxy (docs/azure-behaviour.md#proxies). The SDK's own proxy policy drops the
// client's TLS settings when a proxy is in use (its proxyPolicy warns "TLS settings are not supported in combination
// with custom Proxy"), so a custom cloud's CA would be lost: this agent tunnels through the proxy and then verifies
// Resource Manager's certificate with the same CA as without a proxy. No vscode: the caller passes VS Code's
// settings (src/auth/accounts.ts) and the environment is read here.
import type { RequestOptions } from "node:http";
import { Agent, type AgentOptions } from "node:https";
import type { Duplex } from "node:stream";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

export interface ProxySettings {
  /** VS Code's `http.proxy` (http:// or https://, optionally with user:password@); empty: the environment's. */
  url?: string;
  /** VS Code's `http.noProxy`: hosts (or `.suffix`, `*.suffix`, `*`) that are reached directly. */
  noProxy?: string[];
  /**
   * VS Code's `http.proxyStrictSSL`: false skips verifying an https:// proxy's own certificate. Resource Manager's
   * certificate is always verified: the Azure token goes there.
   */
  strictSSL?: boolean;
}

/** The proxy URL for a target, from the settings, then HTTPS_PROXY / HTTP_PROXY; undefined: go direct. */
export function proxyFor(
  target: string,
  settings: ProxySettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): URL | undefined {
  const configured = settings?.url?.trim();
  const raw = configured || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || "";
  if (!raw.trim()) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(raw.includes("://") ? raw.trim() : `http://${raw.trim()}`);
  } catch {
    throw new Error(`The proxy address "${raw}" is not a URL (http.proxy or HTTPS_PROXY): use http://host:port.`);
  }
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    throw new Error(`The proxy address "${raw}" must start with http:// or https:// (http.proxy or HTTPS_PROXY).`);
  }
  const noProxy = [...(settings?.noProxy ?? []), ...(env.NO_PROXY ?? env.no_proxy ?? "").split(/[,\s]+/)];
  return bypasses(target, noProxy) ? undefined : proxy;
}

/** NO_PROXY matching: `*`, an exact host (or host:port), `.suffix` / `*.suffix` (the domain and below). */
export function bypasses(target: string, patterns: string[]): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  for (const raw of patterns) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === "*") return true;
    const [pHost, pPort] = p.startsWith("[") ? [p.slice(1, p.indexOf("]")), p.split("]:")[1]] : p.split(":");
    if (pPort !== undefined && pPort !== port) continue;
    const suffix = pHost!.replace(/^\*/, "");
    if (suffix.startsWith(".")) {
      if (host.endsWith(suffix) || host === suffix.slice(1)) return true;
    } else if (host === pHost) return true;
  }
  return false;
}

const CONNECT_TIMEOUT_MS = 20_000;
const MAX_PROXY_ANSWER = 16 * 1024;

/** An https.Agent that reaches every host through `proxy` with CONNECT, then TLS to the host with `tls` (its CA). */
export class ConnectProxyAgent extends Agent {
  /** CONNECT tunnels opened (for the log and tests). */
  tunnels = 0;

  constructor(
    private readonly proxy: URL,
    private readonly tls: Pick<ConnectionOptions, "ca">,
    private readonly strictProxySsl = true,
    options: AgentOptions = { keepAlive: true },
  ) {
    super(options);
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const done = (err: Error | null, socket?: Duplex) => callback?.(err, socket as Duplex);
    const host = String(options.host ?? options.hostname ?? "");
    const port = Number(options.port ?? 443);
    const proxyPort = Number(this.proxy.port || (this.proxy.protocol === "https:" ? 443 : 80));
    const raw: Socket =
      this.proxy.protocol === "https:"
        ? tlsConnect({
            host: this.proxy.hostname,
            port: proxyPort,
            servername: this.proxy.hostname,
            rejectUnauthorized: this.strictProxySsl,
          })
        : netConnect({ host: this.proxy.hostname, port: proxyPort });
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      raw.destroy();
      done(err);
    };
    raw.setTimeout(CONNECT_TIMEOUT_MS, () =>
      fail(
        Object.assign(new Error(`The proxy ${this.proxy.host} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s.`), {
          code: "ETIMEDOUT",
        }),
      ),
    );
    raw.once("error", (e) => fail(e));
    const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (this.proxy.username) {
      const user = decodeURIComponent(this.proxy.username);
      const password = decodeURIComponent(this.proxy.password);
      headers.push(`Proxy-Authorization: Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`);
    }
    raw.once(this.proxy.protocol === "https:" ? "secureConnect" : "connect", () =>
      raw.write(headers.join("\r\n") + "\r\n\r\n"),
    );
    let answer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf("\r\n\r\n");
      if (end < 0) {
        if (answer.length > MAX_PROXY_ANSWER)
          fail(new Error(`The proxy ${this.proxy.host} sent an over-long answer to CONNECT.`));
        return;
      }
      raw.off("data", onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer.subarray(0, end).toString("latin1"))?.[1];
      if (status !== "200") {
        fail(
          Object.assign(
            new Error(
              `The proxy ${this.proxy.host} refused the tunnel to ${authority} (${status ?? "no HTTP status"}).`,
            ),
            { code: "EPROXY" },
          ),
        );
        return;
      }
      if (answer.length > end + 4) raw.unshift(answer.subarray(end + 4));
      raw.setTimeout(0);
      this.tunnels++;
      const secure = tlsConnect({
        socket: raw,
        servername: (options as ConnectionOptions).servername ?? (isIp(host) ? undefined : host),
        ...(this.tls.ca ? { ca: this.tls.ca } : {}),
        rejectUnauthorized: true,
      } as ConnectionOptions);
      settled = true;
      done(null, secure);
    };
    raw.on("data", onData);
    return undefined;
  }
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

/**
 * Sends each attempt through the proxy agent when the target is not bypassed; one agent per proxy, shared by every
 * client of the same settings (keep-alive tunnels). Overrides the SDK's own environment-proxy agent, which would
 * drop the custom CA.
 */
export function proxyAgentPolicy(
  settings: ProxySettings | undefined,
  tls: Pick<ConnectionOptions, "ca">,
  env: NodeJS.ProcessEnv = process.env,
): PipelinePolicy {
  const agents = new Map<string, ConnectProxyAgent>();
  return {
    name: "azureJitProxy",
    async sendRequest(request, next) {
      const proxy = proxyFor(request.url, settings, env);
      if (proxy) {
        let agent = agents.get(proxy.href);
        if (!agent) agents.set(proxy.href, (agent = new ConnectProxyAgent(proxy, tls, settings?.strictSSL !== false)));
        request.agent = agent;
      } else if (request.agent?.constructor?.name === "HttpsProxyAgent") {
        request.agent = undefined; // the SDK's environment proxy, for a host our settings send direct
      }
      return next(request);
    },
  };
}
