// The well-known JIT ports people request, named the way the Azure portal names them.
const names: Record<number, string> = {
  22: "SSH",
  3389: "RDP",
  5985: "WinRM",
  5986: "WinRM (HTTPS)",
};

/** "SSH", "RDP", ... or undefined for a port with no common name. */
export function portServiceName(port: number): string | undefined {
  return names[port];
}

/** "22 · SSH", or "8080" for a port without a common name. */
export function portLabel(port: number): string {
  const name = portServiceName(port);
  return name ? `${port} · ${name}` : String(port);
}
