import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { SSHConfig as SSHConfigClass } from "ssh-config" with { "resolution-mode": "import" };
import { t } from "../core/l10n";
import {
  chooseHostAlias,
  endMarker,
  managedBlockLines,
  startMarker,
  validateManagedHost,
  type ManagedHost,
} from "../core/sshConfigBlock";

// Edits ~/.ssh/config without touching anything outside our marker comments. ssh-config's stringify is not
// byte-exact (it drops trailing blanks and the space before inline comments), so the file is never re-serialized:
// the parser reads and checks it (which lines start sections, whether the user already has our alias, what the
// result resolves to) and the edit itself splices lines of the original text.
// No vscode here, so the unit tests run it on temp files.

// ssh-config ships ESM types with a CommonJS build; the extension is CommonJS (tsconfig module Node16), so load the
// CommonJS build and borrow the ESM declaration for its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SSHConfig } = require("ssh-config") as { SSHConfig: typeof SSHConfigClass };

export type SshConfigEdit =
  | {
      ok: true;
      text: string;
      changed: boolean;
      /** Directives where an earlier line of the user's file wins over ours. */
      overridden: string[];
      /** The Host the block defines (writeManagedHost may pick another than asked when a same-named VM has it). */
      alias: string;
    }
  | { ok: false; error: string };

export function defaultSshConfigPath(): string {
  return join(homedir(), ".ssh", "config");
}

interface SourceLine {
  content: string;
  /** The original line terminator ("" for a last line without one). */
  eol: string;
}

function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  for (const m of text.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
    if (m[0] === "" && m.index === text.length) break;
    lines.push({ content: m[1], eol: m[2] });
  }
  return lines;
}

function joinLines(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.content + l.eol).join("");
}

function isSectionStart(content: string): boolean {
  const first = SSHConfig.parse(content)[0];
  return first !== undefined && first.type === SSHConfig.DIRECTIVE && "config" in first;
}

function hostPatterns(line: { value: unknown }): string[] {
  const value = line.value as string | Array<{ val: string }>;
  return (Array.isArray(value) ? value.map((v) => v.val) : value.split(/\s+/)).map((p) => p.toLowerCase());
}

/** Adds or updates the `Host <alias>` block between its markers. Pure: text in, text out. */
export function upsertManagedHost(text: string, host: ManagedHost): SshConfigEdit {
  const errors = validateManagedHost(host);
  if (errors.length > 0) return { ok: false, error: errors.join(" ") };

  const lines = splitLines(text);
  const start = lines.findIndex((l) => l.content.trim() === startMarker(host.alias));
  const end = start < 0 ? -1 : lines.findIndex((l, i) => i > start && l.content.trim() === endMarker(host.alias));
  if (start >= 0 && end < 0) {
    return {
      ok: false,
      error: t(
        "The Azure JIT block for {0} in the SSH config has its start marker but no end marker; fix or remove it by hand.",
        host.alias,
      ),
    };
  }

  const outside = start >= 0 ? [...lines.slice(0, start), ...lines.slice(end + 1)] : lines;
  const userSection = SSHConfig.parse(joinLines(outside)).find(
    (line) =>
      line.type === SSHConfig.DIRECTIVE &&
      /^host$/i.test(line.param) &&
      hostPatterns(line).includes(host.alias.toLowerCase()),
  );
  if (userSection) {
    return {
      ok: false,
      error: t(
        'The SSH config already has a "Host {0}" of its own; Azure JIT Access leaves it alone. Rename it or turn off azureJit.manageSshConfig.',
        host.alias,
      ),
    };
  }

  const eol = /\r\n/.test(text) ? "\r\n" : "\n";
  const block: SourceLine[] = managedBlockLines(host).map((content) => ({ content, eol }));
  let result: SourceLine[];
  if (start >= 0) {
    result = [...lines.slice(0, start), ...block, ...lines.slice(end + 1)];
  } else {
    // Before the first Host/Match so our values win (ssh uses the first value it reads), after the global
    // directives (a Host line above them would capture them), and above the comments heading that first section.
    let at = lines.findIndex((l) => isSectionStart(l.content));
    if (at >= 0) {
      while (at > 0 && lines[at - 1].content.trim().startsWith("#")) at--;
      result = [...lines.slice(0, at), ...block, { content: "", eol }, ...lines.slice(at)];
    } else {
      const head = lines.map((l) => ({ ...l }));
      const last = head[head.length - 1];
      if (last && last.eol === "") last.eol = eol;
      const spacer = last && last.content.trim() !== "" ? [{ content: "", eol }] : [];
      result = [...head, ...spacer, ...block];
    }
  }
  const newText = joinLines(result);

  const computed = SSHConfig.parse(newText).compute(host.alias, { matchExec: false, ignoreCase: true });
  const expected: Record<string, string | undefined> = {
    hostname: host.hostName,
    user: host.user,
    port: String(host.port),
  };
  const overridden = Object.entries(expected)
    .filter(([key, value]) => value !== undefined && computed[key] !== value)
    .map(([key]) => key);
  return { ok: true, text: newText, changed: newText !== text, overridden, alias: host.alias };
}

let queue: Promise<unknown> = Promise.resolve();

/** The VM a block is for: its alias is chosen from the file (chooseHostAlias) instead of taken from the host. */
export interface AliasFor {
  name: string;
  id: string;
  resourceGroup?: string;
}

/**
 * Applies upsertManagedHost to a file: creates its folder (0700) and the file (0600) when absent, keeps an
 * existing file's mode, writes through a temp file + rename in the real (symlink-resolved) folder. Calls are
 * serialized so two connects cannot lose each other's block (nor pick the same alias for two VMs).
 */
export function writeManagedHost(configPath: string, host: ManagedHost, aliasFor?: AliasFor): Promise<SshConfigEdit> {
  const run = queue.then(() => writeNow(configPath, host, aliasFor));
  queue = run.catch(() => undefined);
  return run;
}

async function writeNow(
  configPath: string,
  asked: ManagedHost,
  aliasFor: AliasFor | undefined,
): Promise<SshConfigEdit> {
  let text = "";
  let existed = true;
  try {
    text = await fs.readFile(configPath, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    existed = false;
  }
  const host = aliasFor ? { ...asked, alias: chooseHostAlias(text, aliasFor), vmId: aliasFor.id } : asked;
  const edit = upsertManagedHost(text, host);
  if (!edit.ok || !edit.changed) return edit;

  let target = configPath;
  let mode = 0o600;
  if (existed) {
    target = await fs.realpath(configPath);
    mode = (await fs.stat(target)).mode & 0o777;
  } else {
    await fs.mkdir(dirname(configPath), { recursive: true, mode: 0o700 });
  }
  const temp = join(dirname(target), `.config.azure-jit-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.writeFile(temp, edit.text, { mode, flag: "wx" });
    await fs.chmod(temp, mode);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  return edit;
}
