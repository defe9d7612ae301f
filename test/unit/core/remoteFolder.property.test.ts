// The home folder Connect opens (src/core/remoteFolder.ts), checked against RFC 3986, not against the code: the URI
// is `vscode-remote://ssh-remote+<alias>/home/<user>` (`/root` for root); RFC 3986 Appendix B splits it back into
// exactly that scheme, authority and path with no query or fragment; every character is one RFC 3986 allows (§2:
// unreserved, sub-delims, ":" "@" "/" and %HH escapes); and a user name that is not a login name (the POSIX portable
// set, not starting with "-": what ssh_config(5)'s User also gets) is refused rather than opened.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { encodeRfc3986, homeFolderUri } from "../../../src/core/remoteFolder";
import { fcOptions } from "./fcConfig";

/** RFC 3986 Appendix B. */
const PARTS = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/;
/** RFC 3986 §2: the characters a URI may hold (pct-encoded as %HH). */
const URI_CHARS = /^([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
/** A login name: the POSIX portable filename characters, not starting with "-" (nor a digit or "." here). */
const LOGIN = /^[A-Za-z_][A-Za-z0-9._-]{0,63}$/;

const loginName = fc.stringMatching(LOGIN);
const alias = fc.stringMatching(/^azure-jit-[A-Za-z0-9._-]{1,40}$/);
const anyUser = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 70 }),
  fc.string({ unit: "binary", maxLength: 70 }),
  loginName.map((u) => `${u}${"/?#% @:\n\u2028é"[u.length % 12]}`),
  loginName,
);

test("the examples: /home/<user>, /root for root", () => {
  assert.deepEqual(homeFolderUri("azure-jit-web-01", "azureuser"), {
    ok: true,
    uri: "vscode-remote://ssh-remote+azure-jit-web-01/home/azureuser",
    path: "/home/azureuser",
  });
  assert.deepEqual(homeFolderUri("azure-jit-web-01", "root"), {
    ok: true,
    uri: "vscode-remote://ssh-remote+azure-jit-web-01/root",
    path: "/root",
  });
  for (const odd of ["../etc", "a/b", "a b", "a?b", "a#b", "a%2Fb", "-oProxyCommand", "josé", ""])
    assert.equal(homeFolderUri("azure-jit-web-01", odd).ok, false, odd);
});

test("any user name: refused unless a login name; a login name's URI splits back (RFC 3986 Appendix B) into its parts", () => {
  fc.assert(
    fc.property(alias, anyUser, (host, user) => {
      const home = homeFolderUri(host, user);
      assert.equal(home.ok, LOGIN.test(user), JSON.stringify(user));
      if (!home.ok) return;
      assert.match(home.uri, URI_CHARS, "only characters RFC 3986 allows");
      const m = PARTS.exec(home.uri);
      assert.ok(m);
      assert.equal(m[2], "vscode-remote");
      assert.equal(m[4], `ssh-remote+${host}`);
      assert.equal(m[6], undefined, "no query");
      assert.equal(m[8], undefined, "no fragment");
      const segments = m[5]!.split("/").map(decodeURIComponent);
      assert.deepEqual(segments, user === "root" ? ["", "root"] : ["", "home", user]);
    }),
    fcOptions(),
  );
});

test("encodeRfc3986: only unreserved characters and %HH escapes, and decoding gives the text back", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
      const encoded = encodeRfc3986(text);
      assert.match(encoded, /^([A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
      assert.equal(decodeURIComponent(encoded), text);
    }),
    fcOptions(),
  );
});
