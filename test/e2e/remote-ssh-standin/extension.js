// Stand-in for ms-vscode-remote.remote-ssh in the e2e runs (the real one needs the marketplace).
// `opensshremotes.openEmptyWindow` records what it was asked to open — in $AZURE_JIT_E2E_RECORDS/remote-ssh.jsonl
// for the UI suite, and in the exported `calls` for the in-host suite — and says so in a notification. Connect asks
// for an empty window only without its managed Host block (azureJit.manageSshConfig off, or no ssh user known);
// otherwise it opens the user's home folder through `vscode.openFolder`, and in the UI suite the test side follows
// that window and connects with the real ssh client (test/support/remoteWindows.ts).
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, loaded by VS Code as is (no build step) */
const vscode = require("vscode");
const fs = require("node:fs");
const path = require("node:path");

function activate() {
  const calls = [];
  vscode.commands.registerCommand("opensshremotes.openEmptyWindow", async (args) => {
    const call = { command: "opensshremotes.openEmptyWindow", args: args ?? null, at: new Date().toISOString() };
    calls.push(call);
    const dir = process.env.AZURE_JIT_E2E_RECORDS;
    if (dir) fs.appendFileSync(path.join(dir, "remote-ssh.jsonl"), JSON.stringify(call) + "\n");
    const host = args && typeof args.host === "string" ? args.host : "(no host)";
    void vscode.window.showInformationMessage(`Remote-SSH stand-in: open ${host}`);
  });
  return { calls };
}

function deactivate() {}

module.exports = { activate, deactivate };
