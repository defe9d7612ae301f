// Readability of the two webviews in real Chromium, with VS Code's theme variables set as VS Code sets them (on the
// html element's style): the history table with a 1,000-character justification, dates to the second, the request
// form's outcome line at text contrast (WCAG 2.2 SC 1.4.3, 4.5:1) in light, dark and high-contrast themes, and the
// source note after choosing another address. Screenshots go to $AZURE_JIT_SHOTS (default: a temp folder).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { formHtml } from "../../src/requestForm/formHtml";
import { historyHtml } from "../../src/history/historyHtml";
import { formatUtc, historyColumns } from "../../src/core/requestHistory";
import type { FormInit, HostMessage } from "../../src/requestForm/protocol";
import type { HistoryState } from "../../src/history/protocol";
import type { Policy } from "../../src/core/types";
import { webviewStand } from "./stand";
import { formInitFor, formPolicy, formVmId, port, VM_DB } from "../support/formFixtures";

const vmId = formVmId;
const shots = process.env.AZURE_JIT_SHOTS ?? mkdtempSync(join(tmpdir(), "jit-shots-"));

/** VS Code's default theme colours for the variables these pages use (Light+, Dark+, High Contrast). */
const THEMES = {
  light: {
    cls: "vscode-light",
    vars: {
      foreground: "#616161",
      "editor-background": "#ffffff",
      errorForeground: "#a1260d",
      "testing-iconPassed": "#73c991",
      descriptionForeground: "#717171",
    },
  },
  dark: {
    cls: "vscode-dark",
    vars: {
      foreground: "#cccccc",
      "editor-background": "#1e1e1e",
      errorForeground: "#f48771",
      "testing-iconPassed": "#73c991",
      descriptionForeground: "#9d9d9d",
    },
  },
  highContrast: {
    cls: "vscode-high-contrast",
    vars: {
      foreground: "#ffffff",
      "editor-background": "#000000",
      errorForeground: "#f48771",
      "testing-iconPassed": "#73c991",
      descriptionForeground: "#ffffff",
    },
  },
} as const;

const policy: Policy = formPolicy([{ name: "win-jump-01", ports: [port(3389, "TCP", ["*"], "PT3H")] }, VM_DB]);

function formInit(overrides: Partial<FormInit> = {}): FormInit {
  return formInitFor(policy, "win-jump-01", 3389, overrides);
}

const stand = webviewStand();

before(() => mkdirSync(shots, { recursive: true }));
after(() => console.log(`# screenshots in ${shots}`));

const STAND = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => undefined,
    setState: () => {},
  });
`;

async function openPage(html: string, theme: keyof typeof THEMES, width = 1280): Promise<Page> {
  const path = `/p-${randomBytes(6).toString("hex")}.html`;
  stand.pages.set(path, html);
  const page = await stand.browser.newPage({ viewport: { width, height: 900 } });
  const { cls, vars } = THEMES[theme];
  await page.addInitScript(STAND);
  await page.goto(stand.origin + path);
  // As VS Code does: the variables on <html>, the theme kind as a class on <body>.
  await page.evaluate(
    ({ cls, vars }) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
      document.body.classList.add(cls);
    },
    { cls, vars: vars as Record<string, string> },
  );
  await page.waitForFunction(
    () => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"),
    undefined,
    { timeout: 10_000 },
  );
  return page;
}

/** WCAG 2.2 contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? [])
      .slice(0, 3)
      .map((x) => Number(x) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>) {
  test(`request form (${theme}): the outcome line "win-jump-01, port 3389:" has text contrast of at least 4.5:1`, async () => {
    const page = await openPage(
      formHtml({
        cspSource: stand.origin,
        nonce: randomBytes(18).toString("base64"),
        scriptUri: `${stand.origin}/main.js`,
        styleUri: `${stand.origin}/main.css`,
        state: formInit(),
      }),
      theme,
    );
    try {
      const done: HostMessage = {
        type: "phase",
        phase: {
          kind: "done",
          outcomes: [
            {
              vmId: vmId("win-jump-01"),
              vmName: "win-jump-01",
              port: 3389,
              ok: true,
              endTimeUtc: Date.UTC(2030, 0, 1, 14, 32),
              status: "Initiating",
            },
            {
              vmId: vmId("vm-db"),
              vmName: "vm-db",
              port: 22,
              ok: false,
              message: "Your source must be exactly 10.1.0.0/24 for this port.",
              action: "Choose 10.1.0.0/24.",
            },
          ],
          connectVmIds: [vmId("win-jump-01")],
        },
      };
      await page.evaluate((m) => window.postMessage(m, "*"), done);
      const strong = page.locator(".outcomes li strong").first();
      await strong.waitFor();
      assert.match(await strong.innerText(), /win-jump-01, port 3389/);
      const colours = await page.locator(".outcomes li strong").evaluateAll((els) =>
        els.map((el) => ({
          text: el.textContent ?? "",
          color: getComputedStyle(el).color,
          bg: getComputedStyle(document.body).backgroundColor,
        })),
      );
      for (const c of colours) {
        const ratio = contrast(c.color, c.bg);
        assert.ok(ratio >= 4.5, `${theme}: "${c.text}" is ${c.color} on ${c.bg}, contrast ${ratio.toFixed(2)}:1`);
      }
      await page.screenshot({ path: join(shots, `form-outcome-${theme}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });
}

test("request form: after choosing another address the note no longer says that source is selected", async () => {
  const page = await openPage(
    formHtml({
      cspSource: stand.origin,
      nonce: randomBytes(18).toString("base64"),
      scriptUri: `${stand.origin}/main.js`,
      styleUri: `${stand.origin}/main.css`,
      state: formInit({ vmId: vmId("vm-db"), portNumber: 22 }),
    }),
    "light",
  );
  try {
    const note = page.locator("fieldset.source p.note");
    assert.match(await note.innerText(), /so that source is selected/, "the preselected prefix is explained");
    await page.getByRole("radio", { name: "Another IPv4 address or CIDR range:" }).check();
    await page.getByLabel("IPv4 address or CIDR range", { exact: true }).fill("10.1.0.7");
    const after = await note.innerText();
    assert.doesNotMatch(after, /so that source is selected/);
    assert.match(after, /only accept requests from 10\.1\.0\.0\/24/);
    // Choosing the prefix again brings the original explanation back.
    await page.getByRole("radio", { name: "Allowed by the policy: 10.1.0.0/24" }).check();
    assert.match(await note.innerText(), /so that source is selected/);
    await page.getByRole("radio", { name: "My public IP (Azure detects it)" }).check();
    assert.match(await note.innerText(), /Azure will refuse any other source/);
  } finally {
    await page.close();
  }
});

// A string, not a function: tsx's keepNames would put __name() calls into a serialized function.
const METRICS = `(() => {
  const lineHeight = (el) => parseFloat(getComputedStyle(el).lineHeight) || 18;
  // The lines a date's text occupies (a td is as tall as its row, so its own height says nothing).
  const dates = [...document.querySelectorAll("td.date")].map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return { lines: tops.size, text: td.textContent || "" };
  });
  const longCell = document.querySelector("td.long");
  const clip = longCell.querySelector(".clip");
  return { dates, longTitle: longCell.title, clipLines: clip.getBoundingClientRect().height / lineHeight(clip), clipped: clip.scrollHeight > clip.clientHeight };
})()`;

function historyState(justification: string): HistoryState {
  const start = Date.UTC(2026, 11, 1, 9, 15, 42) + 116; // Azure's times carry fractions of a second
  const row = (i: number, j: string) => [
    formatUtc(start - i * 3_600_000),
    formatUtc(start - i * 3_600_000 + 3 * 3_600_000),
    "web-02",
    "alice@northwind.example.com",
    "22",
    "203.0.113.7",
    "Revoked",
    "Expired",
    j,
    "default",
    "rg-web-prod",
    "westeurope",
    "Production",
  ];
  return {
    title: "JIT requests: Production",
    readAt: "Read at 2026-12-01T12:00:00Z UTC.",
    summary: {
      columns: ["VM", "Requests (last 7 days)", "Last access (UTC)", "Last user"],
      rows: [["web-02", "3", formatUtc(start), "alice@northwind.example.com"]],
    },
    requests: { columns: historyColumns(), rows: [row(0, justification), row(1, "Deploy hotfix 4.2.1"), row(2, "")] },
    strings: {
      filter: "Filter",
      filterPlaceholder: "Words",
      summary: "Per VM",
      requests: "Requests, newest first",
      export: "Export CSV…",
      refresh: "Refresh",
      empty: "No requests to show.",
      shown: "{0} of {1} requests shown",
    },
    filter: "",
  };
}

test("history: a 1,000-character justification leaves the date columns one line wide; the cell is clipped, its full text on hover", async () => {
  const long = "word ".repeat(199) + "last!";
  assert.equal(long.length, 1000);
  for (const [theme, width] of [
    ["light", 1280],
    ["dark", 900],
  ] as const) {
    const page = await openPage(
      historyHtml({
        cspSource: stand.origin,
        nonce: randomBytes(18).toString("base64"),
        scriptUri: `${stand.origin}/history.js`,
        styleUri: `${stand.origin}/history.css`,
        lang: "en",
        title: "JIT requests",
      }),
      theme,
      width,
    );
    try {
      await page.evaluate((state) => window.postMessage({ type: "state", state }, "*"), historyState(long));
      await page.locator("td.long").waitFor();
      const text = await page.locator("main").innerText();
      assert.doesNotMatch(
        text,
        /\d{2}:\d{2}:\d{2}\.\d+Z/,
        "no date shows fractions of a second (Last access included)",
      );
      assert.match(text, /2026-12-01T09:15:42Z/);
      const m = (await page.evaluate(METRICS)) as {
        dates: Array<{ lines: number; text: string }>;
        longTitle: string;
        clipLines: number;
        clipped: boolean;
      };
      assert.ok(m.dates.length >= 7, `date cells found: ${m.dates.length}`);
      for (const d of m.dates) assert.equal(d.lines, 1, `${theme}/${width}: date ${d.text} takes ${d.lines} lines`);
      assert.equal(m.longTitle, long, "the full justification is the cell's tooltip");
      assert.ok(m.clipLines <= 3.2, `the long cell shows ${m.clipLines.toFixed(1)} lines`);
      assert.equal(m.clipped, true);
      await page.screenshot({ path: join(shots, `history-long-${theme}-${width}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  }
});
