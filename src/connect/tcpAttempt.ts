// One TCP connect attempt for Connect's probe (src/connect/probe.ts). No vscode here, so the integration tests run it
// against real sockets and the emulator's gate.
import { connect } from "node:net";
import type { ProbeFailure } from "../core/wireProbe";

/** One TCP connect: "open" as soon as the handshake completes (the socket is closed at once, nothing written). */
export function tcpAttempt(host: string, port: number, timeoutMs: number): Promise<"open" | ProbeFailure> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (result: "open" | ProbeFailure) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.once("connect", () => finish("open"));
    socket.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET") finish("refused");
      else if (
        e.code === "EHOSTUNREACH" ||
        e.code === "ENETUNREACH" ||
        e.code === "ENOTFOUND" ||
        e.code === "EAI_AGAIN"
      )
        finish("unreachable");
      else finish("error");
    });
  });
}
