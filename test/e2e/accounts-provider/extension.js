// The boundary VS Code gives an extension for Microsoft sign-in: an authentication provider. This one stands in for
// VS Code's own Microsoft Sovereign Cloud provider (disabled in the accounts run) with two accounts, each signed in
// to its home tenant and able to get a token for each tenant it is a member of (`VSCODE_TENANT:<id>` scopes, as
// VS Code's provider takes them). Tokens are unsigned JWTs the emulator reads (upn, tid, amr). It records what VS
// Code hands it (scopes, options) for the tests to read; it never records a token.
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, loaded by VS Code as is (no build step) */
const vscode = require("vscode");
const { randomUUID } = require("node:crypto");

const ACCOUNTS = [
  {
    id: "account-a",
    label: "jit.user@contoso.com",
    tenants: ["10000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002"],
  },
  { id: "account-b", label: "ops@fabrikam.com", tenants: ["20000000-0000-4000-8000-000000000002"] },
];
const TENANT_SCOPE = "VSCODE_TENANT:";

/** What VS Code asked: method, scopes, and the options' fields (values only where they are no secret). */
const calls = [];

function part(value) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function token(account, tenantId, audience, mfa) {
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({
    aud: audience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    amr: mfa ? ["pwd", "mfa"] : ["pwd"],
    tid: tenantId,
    upn: account.label,
    jti: randomUUID(),
  })}.`;
}

/** The account's session for these scopes; none when it is not a member of the tenant they name. */
function sessionFor(account, scopes, mfa) {
  const list = scopes ?? [];
  const named = list.find((s) => s.startsWith(TENANT_SCOPE));
  const tenantId = named ? named.slice(TENANT_SCOPE.length) : account.tenants[0];
  if (!account.tenants.includes(tenantId)) return undefined;
  const resource = list.find((s) => s.endsWith("/.default"));
  const audience = resource ? resource.slice(0, -"/.default".length) : "https://management.core.windows.net/";
  return {
    id: `${account.id}:${tenantId}:${mfa ? "mfa" : "pwd"}`,
    accessToken: token(account, tenantId, audience, mfa),
    account: { id: account.id, label: account.label },
    scopes: list,
  };
}

function describe(options) {
  if (!options) return undefined;
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key === "account") out.account = value?.label;
    else if (key === "authorizationServer") out.authorizationServer = String(value);
    else out[key] = value;
  }
  return out;
}

function activate(context) {
  const changed = new vscode.EventEmitter();
  // Accounts that answered a claims request since (their next sessions carry `amr` mfa).
  const steppedUp = new Set();
  const provider = {
    onDidChangeSessions: changed.event,
    async getSessions(scopes, options) {
      calls.push({ method: "getSessions", scopes: scopes ?? null, options: describe(options) ?? null });
      const accounts = options?.account ? ACCOUNTS.filter((a) => a.id === options.account.id) : ACCOUNTS;
      return accounts.map((a) => sessionFor(a, scopes, steppedUp.has(a.id))).filter(Boolean);
    },
    async createSession(scopes, options) {
      calls.push({ method: "createSession", scopes, options: describe(options) ?? null });
      const account = ACCOUNTS.find((a) => a.id === options?.account?.id) ?? ACCOUNTS[0];
      // A claims request (VS Code passes what getSession's wwwAuthenticate carried): the new session has MFA.
      if (options && (options.claims || options.wwwAuthenticate)) steppedUp.add(account.id);
      const session = sessionFor(account, scopes, steppedUp.has(account.id));
      if (!session) throw new Error(`${account.label} is not a member of the tenant these scopes name`);
      changed.fire({ added: [], removed: [], changed: [session] });
      return session;
    },
    async removeSession() {},
  };
  context.subscriptions.push(
    changed,
    vscode.authentication.registerAuthenticationProvider(
      "microsoft-sovereign-cloud",
      "Microsoft Sovereign Cloud (e2e accounts)",
      provider,
      { supportsMultipleAccounts: true },
    ),
  );
  return { calls, accounts: ACCOUNTS.map((a) => ({ id: a.id, label: a.label })) };
}

module.exports = { activate, deactivate() {} };
