// A tiny https client for tests that talk to the emulator directly (not through the Azure SDK).
import { request } from "node:https";

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body, undefined when empty or not JSON. */
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Default "Bearer test-token"; null sends no Authorization header. */
  auth?: string | null;
}

export function call(
  emulator: { url: string; caPem: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<EmulatorResponse> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string | number> = { accept: "application/json", ...options.headers };
  if (options.auth !== null) headers.authorization = options.auth ?? "Bearer test-token";
  if (payload !== undefined) {
    headers["content-type"] ??= "application/json";
    headers["content-length"] = Buffer.byteLength(payload);
  }
  const target = path.startsWith("https://") ? path : emulator.url + path;
  return new Promise((resolve, reject) => {
    const req = request(target, { method, headers, ca: emulator.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}
