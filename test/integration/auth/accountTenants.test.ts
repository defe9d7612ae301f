// Several Microsoft accounts against the emulator: with the `accounts` sign-in knob, GET /tenants lists only the
// signed-in user's tenants (as ARM lists the account's own), and GET /subscriptions those of the token's tenant, so
// tenants and subscriptions follow the account a token is for. Without the knob every user sees every tenant.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { mintTestToken } from "../../../emulator/auth";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { call } from "../../../emulator/testClient";

const CONTOSO = "10000000-0000-4000-8000-000000000001";
const FABRIKAM = "20000000-0000-4000-8000-000000000002";
const Q = "?api-version=2022-12-01";

describe("emulator: tenants and subscriptions per account (the accounts knob)", () => {
  let emu: RunningEmulator;
  const control = (method: string, path: string, body?: unknown) =>
    call(emu, method, `/_emulator/${path}`, { body, auth: null });
  const bearer = (upn: string, tid?: string) => `Bearer ${mintTestToken({ upn, ...(tid ? { tid } : {}) })}`;
  const tenants = async (auth: string) =>
    ((await call(emu, "GET", `/tenants${Q}`, { auth })).json as { value: Array<{ tenantId: string }> }).value
      .map((t) => t.tenantId)
      .sort();
  const subscriptions = async (auth: string) =>
    ((await call(emu, "GET", `/subscriptions${Q}`, { auth })).json as { value: Array<{ displayName: string }> }).value
      .map((s) => s.displayName)
      .sort();

  before(async () => {
    emu = await startEmulator({ port: 0 });
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control("POST", "reset");
  });

  it("without the knob, every user's token lists every tenant", async () => {
    assert.deepEqual(await tenants(bearer("ops@fabrikam.com")), [CONTOSO, FABRIKAM]);
  });

  it("with it, each account lists its own tenants, and a tenant's token its subscriptions", async () => {
    const set = await control("POST", "auth", {
      accounts: { "Jit.User@contoso.com": [CONTOSO, FABRIKAM], "ops@fabrikam.com": [FABRIKAM] },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(await tenants(bearer("jit.user@contoso.com")), [CONTOSO, FABRIKAM]);
    assert.deepEqual(await tenants(bearer("OPS@fabrikam.com")), [FABRIKAM]);
    // A user the knob does not list: all, as before.
    assert.deepEqual(await tenants(bearer("someone@else.example")), [CONTOSO, FABRIKAM]);
    assert.deepEqual(await subscriptions(bearer("ops@fabrikam.com", FABRIKAM)), ["Fabrikam Engineering"]);
    assert.deepEqual(await subscriptions(bearer("jit.user@contoso.com", CONTOSO)), [
      "Contoso Production",
      "Contoso Sandbox",
    ]);
  });

  it("a malformed accounts knob is refused naming the field, and reset forgets it", async () => {
    for (const accounts of [["ops@fabrikam.com"], { "ops@fabrikam.com": FABRIKAM }, { ops: [FABRIKAM] }]) {
      const res = await control("POST", "auth", { accounts });
      assert.equal(res.status, 400, JSON.stringify(accounts));
      assert.match(res.text, /'accounts'/);
    }
    await control("POST", "auth", { accounts: { "ops@fabrikam.com": [FABRIKAM] } });
    await control("POST", "reset");
    assert.deepEqual(await tenants(bearer("ops@fabrikam.com")), [CONTOSO, FABRIKAM]);
    await control("POST", "auth", { accounts: { "ops@fabrikam.com": [FABRIKAM] } });
    await control("POST", "auth", { accounts: null });
    assert.deepEqual(await tenants(bearer("ops@fabrikam.com")), [CONTOSO, FABRIKAM]);
  });
});
