// Inert text per surface, over generated hostile strings. The oracles come from the standards, not from the code:
// CommonMark (markdown-it, a CommonMark-compliant renderer, with GFM-style linkify on, as VS Code's hovers link bare
// URLs) for markdown; CommonMark's inline-link and autolink grammar (§6.3, §6.5) and VS Code's linked-text form
// `[label](target)` for notification text; VS Code's icon syntax `$(name)` / `$(name~modifier)` with `\$(` as its
// escape; Unicode's bidirectional controls (UAX #9) and format characters (category Cf).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fc from "fast-check";
import { identityText, markdownText, plainText, quickPickText, visibleControls } from "../../../src/core/inertText";
import { classifyError } from "../../../src/core/errors";
import { fcOptions } from "./fcConfig";

interface MarkdownRenderer {
  render(src: string): string;
  renderInline(src: string): string;
}
// markdown-it (a devDependency) is loaded through require so the typecheck needs no @types package for it.
const MarkdownIt = createRequire(__filename)("markdown-it") as new (options: object) => MarkdownRenderer;
const commonMark = new MarkdownIt({ html: true, linkify: true });
// Notifications render neither HTML nor bare URLs, only the `[label](target)` form: CommonMark links alone.
const commonMarkLinksOnly = new MarkdownIt({ html: false, linkify: false });

const BIDI = [
  "\u061C",
  "\u200E",
  "\u200F",
  "\u202A",
  "\u202B",
  "\u202C",
  "\u202D",
  "\u202E",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];
const INVISIBLE = [
  "\u200B",
  "\u200C",
  "\u200D",
  "\u2060",
  "\uFEFF",
  "\u00AD",
  "\u034F",
  "\u3164",
  "\u{E0041}",
  "\u2028",
];
const FRAGMENTS = [
  "[",
  "]",
  "(",
  ")",
  "](",
  "![",
  "<",
  ">",
  "\\",
  "$(",
  "$",
  "~",
  "`",
  "*",
  "_",
  "&",
  "#",
  '"',
  "'",
  " ",
  "\n",
  "\t",
  "command:",
  "workbench.action.openSettings",
  "https://",
  "http://evil.example/",
  "file:///etc/passwd",
  "mailto:",
  "www.example.com",
  "alice@northwind.example.com",
  "alert",
  "check~spin",
  "x",
  "open settings",
  "?%7B%7D",
  "&amp;",
  "<img src=x onerror=alert(1)>",
  "<a href='command:x'>",
  "[ref]: command:x",
  "\u00e9",
  "\u4f60",
  "\u{1F600}",
];
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS, ...BIDI, ...INVISIBLE),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: "binary", maxLength: 3 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

// CommonMark §6.3 inline link / image opener: `[` … `](`; the brackets may hold anything but an unescaped `]`.
const INLINE_LINK = /\[[^\]]*\]\(/;
// VS Code's linked text (notifications): `[label](http…|https…|command:…|file:…)`.
const LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
// CommonMark §6.5 autolinks: URI and email forms.
const AUTOLINK =
  /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/;
// VS Code's icon syntax (iconLabels.ts: name `[A-Za-z0-9-]+`, modifier `~[A-Za-z]+`), unescaped = not after `\`.
const UNESCAPED_ICON = /(?<!\\)\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
const BIDI_OR_FORMAT = /[\p{Cf}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The text a renderer shows for markdown-it's HTML output (entities decoded, tags removed). */
function shownText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\n$/, "");
}

/** Strings that hold none of the constructs any surface gives meaning to, nor anything invisible. */
const harmless = fc
  .array(
    fc.oneof(
      fc.constantFrom("alice", "web-02", "10.0.0.1/32", "Tailspin Ops", " ", ".", "-", "\u00e9", "\u4f60"),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""))
  .filter((s) => !/[\]<$\p{Cc}\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]|\u034F/u.test(s));

test("plainText: no inline link, VS Code linked text or autolink survives, and no bidi/format character remains", () => {
  fc.assert(
    fc.property(hostile, (s) => {
      const out = plainText(s);
      assert.doesNotMatch(out, INLINE_LINK);
      assert.doesNotMatch(out, LINKED_TEXT);
      assert.doesNotMatch(out, AUTOLINK);
      assert.doesNotMatch(out, UNESCAPED_ICON);
      assert.doesNotMatch(out, BIDI_OR_FORMAT);
    }),
    fcOptions(),
  );
});

test("plainText: a notification message rendered as CommonMark has no link (the strongest parser VS Code could use)", () => {
  fc.assert(
    fc.property(hostile, (s) => {
      const html = commonMarkLinksOnly.renderInline(plainText(s).replace(/\\/g, "\\\\"));
      assert.doesNotMatch(html, /<a\s|<img\s/);
    }),
    fcOptions(),
  );
});

test("markdownText: CommonMark renders no link, image, HTML, or icon, and shows exactly the (visible) text", () => {
  fc.assert(
    fc.property(hostile, (s) => {
      const out = markdownText(s);
      const html = commonMark.render(out);
      assert.doesNotMatch(
        html,
        /<a\s|<img\s|<script|<h[1-6]>|<ul>|<ol>|<code>|<em>|<strong>|<pre>|<blockquote>|<hr>/,
        `${JSON.stringify(s)} → ${html}`,
      );
      // CommonMark strips only ASCII spaces at a paragraph's edges (not U+00A0 or U+3000, which String#trim would).
      assert.equal(
        shownText(html),
        visibleControls(s.replace(/\r\n?|\n|\t/g, " ")).replace(/^ +| +$/g, ""),
        JSON.stringify(s),
      );
      assert.doesNotMatch(out, UNESCAPED_ICON);
      assert.doesNotMatch(out, BIDI_OR_FORMAT);
    }),
    fcOptions(),
  );
});

test("quickPickText: every $( is escaped as VS Code's escapeIcons does, and no bidi/format character remains", () => {
  fc.assert(
    fc.property(hostile, (s) => {
      const out = quickPickText(s);
      assert.doesNotMatch(out, UNESCAPED_ICON);
      assert.doesNotMatch(out, BIDI_OR_FORMAT);
      // VS Code's renderLabelWithIcons drops the backslash of an escaped icon: what shows is the input, made visible.
      const shown = out.replace(/\\(\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\))/g, "$1");
      assert.equal(shown.replace(/\\\$\(/g, "$("), visibleControls(s));
    }),
    fcOptions(),
  );
});

test("identityText: no bidi, format, control or line-break character remains; each one shows as <U+XXXX>", () => {
  fc.assert(
    fc.property(hostile, (s) => {
      const out = identityText(s);
      assert.doesNotMatch(out, BIDI_OR_FORMAT);
      assert.doesNotMatch(out, /[\p{Cc}\u2028\u2029]/u);
      const marks = out.match(/<U\+[0-9A-F]{4,6}>/g)?.length ?? 0;
      const hidden = [...s].filter((c) => /[\p{Cf}\p{Cc}\u2028\u2029\u115F\u1160\u3164\uFFA0]|\u034F/u.test(c)).length;
      // Every hidden character became a mark; a mark also appears where the input itself wrote one literally.
      assert.ok(marks >= hidden, `${marks} marks for ${hidden} hidden characters in ${JSON.stringify(s)}`);
    }),
    fcOptions(),
  );
});

test("text with no link, icon or hidden character is unchanged by plainText, quickPickText and identityText", () => {
  fc.assert(
    fc.property(harmless, (s) => {
      assert.equal(plainText(s), s);
      assert.equal(quickPickText(s), s);
      if (!/[\n\t]/.test(s)) assert.equal(identityText(s), s);
    }),
    fcOptions(),
  );
});

test("markdownText changes only punctuation, by a backslash each: removing them gives the input back", () => {
  fc.assert(
    fc.property(harmless, (s) => {
      assert.equal(
        markdownText(s).replace(/\\([!-/:-@[-`{-~])/g, "$1"),
        s.replace(/\r\n?|\n|\t/g, " ").replace(/^ +/, ""),
      );
    }),
    fcOptions(),
  );
});

test("the issue's cases: a command link in an error, an icon in a subscription name, a reversed requestor", () => {
  const message = "Denied by policy. [open settings](command:workbench.action.openSettings) <command:x>";
  assert.equal(
    plainText(message),
    "Denied by policy. [open settings] (command:workbench.action.openSettings) < command:x>",
  );
  assert.equal(quickPickText("Tailspin $(alert) **Ops**"), "Tailspin \\$(alert) **Ops**");
  const spoof = "moc.elpmaxe.dniwhtron@ecila";
  assert.equal(identityText(`\u202E${spoof}`), `<U+202E>${spoof}`);
  assert.equal(markdownText("a\u2066b"), "a\\<U\\+2066\\>b");
});

test("classifyError: the service's message in any error notification is inert, whatever the status", () => {
  fc.assert(
    fc.property(
      hostile,
      fc.constantFrom(400, 403, 409, 418, 500, undefined),
      fc.constantFrom("read", "request", "configure" as const),
      (text, statusCode, action) => {
        const error = classifyError(
          { statusCode, code: statusCode === 403 ? "RequestDisallowedByPolicy" : "BadRequest", message: text },
          action,
        );
        assert.doesNotMatch(error.message, LINKED_TEXT);
        assert.doesNotMatch(error.message, INLINE_LINK);
        assert.doesNotMatch(error.message, BIDI_OR_FORMAT);
        assert.equal(error.detail, text === "" ? undefined : text, "the raw text stays in detail for the log");
      },
    ),
    fcOptions(),
  );
  const error = classifyError(
    { statusCode: 400, code: "BadRequest", message: "No. [open settings](command:workbench.action.openSettings)" },
    "request",
  );
  assert.equal(
    error.message,
    "Azure rejected the request as invalid: No. [open settings] (command:workbench.action.openSettings)",
  );
});
