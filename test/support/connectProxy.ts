// A small HTTP CONNECT proxy for the proxy tests: tunnels to whatever is asked, counts the tunnels and remembers
// their targets, and can require Basic credentials. Plain HTTP requests (not CONNECT) are refused with 405.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface TestProxy {
  url: string;
  connects: string[];
  refused: number;
  close(): Promise<void>;
}

export async function startConnectProxy(options: { credentials?: string } = {}): Promise<TestProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  let refused = 0;
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (options.credentials) {
      const expected = `Basic ${Buffer.from(options.credentials).toString("base64")}`;
      if (req.headers["proxy-authorization"] !== expected) {
        refused++;
        client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
        return;
      }
    }
    const target = String(req.url);
    connects.push(target);
    const [host, port] = [
      target.slice(0, target.lastIndexOf(":")).replace(/^\[|\]$/g, ""),
      Number(target.slice(target.lastIndexOf(":") + 1)),
    ];
    const upstream = connect({ host, port }, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
