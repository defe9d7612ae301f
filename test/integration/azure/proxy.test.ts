// Azure calls through an HTTP CONNECT proxy (src/azure/proxyAgent.ts): VS Code's http.proxy, HTTPS_PROXY, the
// bypass lists, proxy credentials, and the emulator's own CA (a custom cloud's) verified through the tunnel.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { createJitApi } from "../../../src/azure/jit";
import { bypasses, proxyFor } from "../../../src/azure/proxyAgent";
import { rejection, startHarness, type Harness } from "../../support/azureHarness";
import { startConnectProxy, type TestProxy } from "../../support/connectProxy";

const PROD = "00000000-0000-0000-0000-00000000000a";

describe("Azure calls through a proxy", () => {
  let h: Harness;
  let proxy: TestProxy;
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  afterEach(async () => {
    await proxy?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const target = () => new URL(h.url).host;

  it("http.proxy: every call tunnels through the proxy, and the emulator's CA is still what verifies Resource Manager", async () => {
    proxy = await startConnectProxy();
    const policies = await createJitApi(h.newSettings({ proxy: { url: proxy.url } })).listPolicies(PROD);
    assert.ok(policies.length >= 2);
    assert.ok(proxy.connects.length >= 1, "went through the proxy");
    assert.ok(
      proxy.connects.every((c) => c === target()),
      proxy.connects.join(", "),
    );
  });

  it("without a proxy, nothing goes to it; with http.noProxy naming the host, neither", async () => {
    proxy = await startConnectProxy();
    await createJitApi(h.newSettings()).listPolicies(PROD);
    await createJitApi(h.newSettings({ proxy: { url: proxy.url, noProxy: ["127.0.0.1"] } })).listPolicies(PROD);
    assert.deepEqual(proxy.connects, []);
  });

  it("HTTPS_PROXY from the environment counts, and NO_PROXY bypasses it", async () => {
    proxy = await startConnectProxy();
    process.env.HTTPS_PROXY = proxy.url;
    await createJitApi(h.newSettings()).listPolicies(PROD);
    const through = proxy.connects.length;
    assert.ok(through >= 1, "HTTPS_PROXY used");
    process.env.NO_PROXY = "localhost,127.0.0.1";
    await createJitApi(h.newSettings()).listPolicies(PROD);
    assert.equal(proxy.connects.length, through, "NO_PROXY bypassed it");
  });

  it("proxy credentials from the URL; a proxy that refuses the tunnel is a clear network failure, not a hang", async () => {
    proxy = await startConnectProxy({ credentials: "alice:s3cr%t" });
    await createJitApi(
      h.newSettings({ proxy: { url: proxy.url.replace("http://", "http://alice:s3cr%25t@") } }),
    ).listPolicies(PROD);
    assert.ok(proxy.connects.length >= 1);
    const failure = await rejection(
      createJitApi(h.newSettings({ proxy: { url: proxy.url }, retry: { maxRetries: 0 } })).listPolicies(PROD),
    );
    assert.equal(failure.error.kind, "network");
    assert.ok(proxy.refused >= 1);
  });

  it("a proxy that is not there fails as a network error naming no token", async () => {
    const failure = await rejection(
      createJitApi(h.newSettings({ proxy: { url: "http://127.0.0.1:9" }, retry: { maxRetries: 0 } })).listPolicies(
        PROD,
      ),
    );
    assert.equal(failure.error.kind, "network");
    assert.doesNotMatch(JSON.stringify(failure.error), /fake-token/);
  });

  it("bypass rules: *, exact host, host:port, .suffix and *.suffix", () => {
    assert.equal(bypasses("https://management.azure.com/x", ["*"]), true);
    assert.equal(bypasses("https://management.azure.com/x", [".azure.com"]), true);
    assert.equal(bypasses("https://azure.com/x", ["*.azure.com"]), true);
    assert.equal(bypasses("https://management.azure.com/x", ["management.azure.com:443"]), true);
    assert.equal(bypasses("https://management.azure.com/x", ["management.azure.com:8443"]), false);
    assert.equal(bypasses("https://notazure.com/x", [".azure.com"]), false);
    assert.equal(proxyFor("https://a.example/", { url: "" }, {}), undefined);
    assert.equal(proxyFor("https://a.example/", { url: "proxy.corp:3128" }, {})?.href, "http://proxy.corp:3128/");
    assert.throws(() => proxyFor("https://a.example/", { url: "socks5://p:1080" }, {}), /http:\/\//);
  });
});
