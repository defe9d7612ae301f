// Connect proven on the wire: the emulator's network simulation (--network) in front of a real OpenSSH server, the
// window Connect opens followed by the real ssh client with the config Connect wrote (test/support/remoteWindows.ts),
// and a test-side ssh/TCP client.
// Runs after workbench.test.ts on the same code-server (its state carries over: the clock has moved on); it uses the
// VMs that suite leaves alone (Fabrikam's) plus jumpbox-01, whose earlier window has ended.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import {
  sshAlias,
  sshDirect,
  sshOverMaster,
  standinSessions,
  tcpExchange,
  type StandinSession,
} from "../../support/ssh";
import {
  commandTitle,
  emulator,
  env,
  policyPath,
  policyRequests,
  viewContainerTitle,
  vmPath,
  Workbench,
  type ArmJitRequest,
} from "./workbench";

const FABRIKAM = "00000000-0000-0000-0000-00000000000c";
const AWS_INSTANCE = "i-0a1b2c3d4e5f67890";
const AWS_VM_ID = `/subscriptions/${FABRIKAM}/resourcegroups/rg-aws-connector/providers/Microsoft.Security/securityConnectors/aws-connector/securityentitydata/aws-ec2-instance-${AWS_INSTANCE}-us-east-1`;

interface NetworkView {
  egressIp: string;
  addresses: Array<{ vmId: string; address: string; via: string }>;
  errors: string[];
}

async function addressOf(vmId: string, via = "public"): Promise<string> {
  const n = await emulator<NetworkView>("/_emulator/network");
  const found = n.addresses.find((a) => a.vmId.toLowerCase() === vmId.toLowerCase() && a.via === via);
  assert.ok(found, `no ${via} address for ${vmId}`);
  return found.address;
}

async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lastSession(alias: string, after: number): Promise<StandinSession> {
  return until(
    () =>
      standinSessions(env("AZURE_JIT_E2E_RECORDS"))
        .slice(after)
        .find((s) => s.host === alias),
    `the stand-in's ssh session to ${alias}`,
    150_000,
  );
}

const sessionCount = () => standinSessions(env("AZURE_JIT_E2E_RECORDS")).length;
const sshConfigFile = () => join(env("AZURE_JIT_E2E_HOME"), ".ssh", "config");

function latestRequestPort(requests: ArmJitRequest[], vmSuffix: string, port: number) {
  const ports = requests
    .flatMap((r) =>
      r.virtualMachines.filter((vm) => vm.id.toLowerCase().endsWith(vmSuffix.toLowerCase())).flatMap((vm) => vm.ports),
    )
    .filter((p) => p.number === port);
  assert.ok(ports.length > 0, `no request for ${vmSuffix}:${port}`);
  return ports.reduce((a, b) => (Date.parse(a.endTimeUtc) >= Date.parse(b.endTimeUtc) ? a : b));
}

describe("Connect on the wire (emulator --network, real sshd)", () => {
  let wb: Workbench;

  /**
   * Azure JIT: Connect from the palette, then the port by its quick-pick label (e.g. "dev-box-01:22"). The pick can
   * close before it is filled when the workbench moves focus as it opens (seen twice, right after the stand-in's
   * toast of the previous test): a closed pick sends nothing, so the command is run again, at most three times.
   */
  async function connectFromPalette(label: string): Promise<void> {
    const input = wb.quickInput().filter({ visible: true }).locator('input.input[placeholder="VM and port"]');
    for (let attempt = 1; ; attempt++) {
      await wb.runCommand(commandTitle("azureJit.connect")!);
      try {
        await input.waitFor({ timeout: 30_000 });
        await input.fill(label, { timeout: 10_000 });
        await wb.quickPickRow(label).first().waitFor({ timeout: 30_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        console.log(`connect pick for ${label} closed before it was filled (attempt ${attempt}): running it again`);
        await wb.page.keyboard.press("Escape");
      }
    }
    await wb.page.keyboard.press("Enter");
  }

  /** The real ssh session to `alias` Remote - SSH's stand-in opened (test/support/remoteWindows.ts). */
  const sessionTo = (alias: string, after: number): Promise<StandinSession> => lastSession(alias, after);

  before(async () => {
    wb = await Workbench.open();
    // After workbench.test.ts the view may be open already: clicking its tab again would close the side bar.
    const tab = wb.activityTab(viewContainerTitle()!);
    await tab.waitFor();
    if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
    await wb.treeRow("Fabrikam Engineering").first().waitFor({ timeout: 60_000 });
    const n = await emulator<NetworkView>("/_emulator/network");
    assert.deepEqual(n.errors, [], "the gate could bind every address it needed");
  });
  afterEach(async (t) => {
    await wb?.screenshot(`after-wire-${t.name.replace(/[^\w]+/g, "-").slice(0, 60)}`).catch(() => {});
  });
  after(async () => {
    await emulator("/_emulator/network", "POST", { egressIp: "203.0.113.10" }).catch(() => {});
    await wb?.close();
  });

  test("before any request, a real ssh to the VM's address is refused", async () => {
    const address = await addressOf(vmPath("rg-integration", "integration-runner-vm-001", FABRIKAM));
    assert.equal(address, "127.91.30.4");
    const r = await sshDirect(address, 22, "echo should-not-run");
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Connection refused/);
  });

  let runnerSession: StandinSession | undefined;
  test("Connect on a closed SSH port: request → Azure open → the probe gets through → the stand-in's real ssh runs a command", async () => {
    const before = sessionCount();
    await connectFromPalette("integration-runner-vm-001:22");
    const session = await sessionTo("azure-jit-integration-runner-vm-001", before);
    assert.equal(session.established, true, `no session: ${session.error}`);
    assert.match(session.output ?? "", /^azure-jit-session-ok \S+$/);
    assert.deepEqual(
      session.resolved,
      { hostname: "127.91.30.4", port: "22", user: "azureuser" },
      "the ssh config Connect wrote",
    );
    runnerSession = session;
  });

  test("the same through an Azure Firewall VM's mapped port", async () => {
    const before = sessionCount();
    await connectFromPalette("jumpbox-01:22");
    const session = await sessionTo("azure-jit-jumpbox-01", before);
    assert.equal(session.established, true, `no session: ${session.error}`);
    const port = latestRequestPort(
      await policyRequests(policyPath("rg-hub", "westeurope", "default")),
      "/jumpbox-01",
      22,
    );
    assert.ok(port.mappedPort !== undefined && port.mappedPort >= 50000);
    assert.deepEqual(session.resolved, { hostname: "127.61.99.1", port: String(port.mappedPort), user: "azureuser" });
    const direct = await sshDirect("127.61.99.1", 22, "true");
    assert.match(direct.stderr, /Connection refused/, "the firewall's port 22 itself is not mapped");
  });

  test("past the end: the session opened before keeps working, a new ssh is refused, and the notice says so", async () => {
    assert.ok(runnerSession?.control, "the earlier test left a session");
    const port = latestRequestPort(
      await policyRequests(policyPath("rg-integration", "westus2", "integration-test-env-jit-policy", FABRIKAM)),
      "/integration-runner-vm-001",
      22,
    );
    const { now } = await emulator<{ now: string }>("/_emulator/clock");
    await emulator("/_emulator/clock", "POST", {
      advanceSeconds: Math.ceil((Date.parse(port.endTimeUtc) + 30_000 - Date.parse(now)) / 1000),
    });

    const old = await sshOverMaster(runnerSession.control, "azure-jit-integration-runner-vm-001", "echo still-open");
    assert.equal(old.code, 0, old.stderr);
    assert.equal(old.stdout, "still-open", "the established connection survives the end");
    const fresh = await sshAlias(sshConfigFile(), "azure-jit-integration-runner-vm-001", "echo should-not-run");
    assert.notEqual(fresh.code, 0);
    assert.match(fresh.stderr, /Connection refused/, "a new connection is refused");

    await wb.runCommand(commandTitle("azureJit.refresh")!);
    const notice = wb.notification(
      /integration-runner-vm-001:22.* has ended: established connections stay open, new connections are refused\./,
    );
    await notice.first().waitFor({ timeout: 90_000 });
  });

  test("with another egress IP: Azure opens, the probe fails, the IP doctor names the recorded source; requesting for the typed address connects", async () => {
    await emulator("/_emulator/network", "POST", { egressIp: "198.51.100.99" });
    const before = sessionCount();
    await connectFromPalette("dev-box-01:22");
    const doctor = wb.notification(
      /Azure opened port 22 of dev-box-01 for 203\.0\.113\.10 — is that your address\? A proxy or VPN may send your SSH from another one\./,
    );
    await doctor.first().waitFor({ timeout: 120_000 });
    await doctor.first().getByRole("button", { name: "Request for Another Address…" }).click();
    const input = wb.quickInput().locator("input.input");
    await input.waitFor();
    await input.fill("198.51.100.99");
    await wb.page.keyboard.press("Enter");
    const session = await sessionTo("azure-jit-dev-box-01", before);
    assert.equal(session.established, true, `no session: ${session.error}`);
    const port = latestRequestPort(
      await policyRequests(policyPath("rg-dev", "eastus", "default", FABRIKAM)),
      "/dev-box-01",
      22,
    );
    assert.equal(port.allowedSourceAddressPrefix, "198.51.100.99", "Azure recorded the typed address");
    await emulator("/_emulator/network", "POST", { egressIp: "203.0.113.10" });
  });

  test("an AWS EC2 instance: Connect asks once for its address and connects through the gate; the tree shows its instance id and region", async () => {
    const address = await addressOf(AWS_VM_ID, "external");
    const before = sessionCount();
    await connectFromPalette(`aws-ec2-instance-${AWS_INSTANCE}-us-east-1:22`);
    await wb
      .quickInput()
      .filter({ hasText: `Address of ${AWS_INSTANCE} (us-east-1)` })
      .waitFor({ timeout: 120_000 });
    await wb.quickInput().locator("input.input").fill(address);
    await wb.page.keyboard.press("Enter");
    const session = await sessionTo(`azure-jit-${AWS_INSTANCE}`, before);
    assert.equal(session.established, true, `no session: ${session.error}`);
    assert.equal(session.resolved?.hostname, address);

    await wb.expand(wb.treeRow("Fabrikam Engineering"), 60_000);
    await wb.expand(wb.treeRow("East US 2"), 60_000);
    const index = Number(await wb.treeRow("East US 2").first().getAttribute("data-index"));
    await wb.expand(wb.allTreeRows().and(wb.page.locator(`[data-index="${index + 1}"]`)), 60_000);
    const row = wb.treeRow(AWS_INSTANCE);
    await row.first().waitFor();
    assert.match(await wb.description(row), /^AWS EC2 · us-east-1 · 1 port · 1 open$/);
  });

  test("RDP: the .rdp file's address and port reach the TCP target through the gate after the request, not before", async () => {
    const address = await addressOf(vmPath("rg-dev", "dev-win-01", FABRIKAM));
    assert.equal(await tcpExchange(address, 3389, "before"), "refused");
    await connectFromPalette("dev-win-01:3389");
    const file = join(
      env("AZURE_JIT_E2E_WORK"),
      "user-data",
      "User",
      "globalStorage",
      "azure-jit-access.azure-jit-access",
      "rdp",
      "dev-win-01.rdp",
    );
    const text = await until(() => (existsSync(file) ? readFileSync(file, "utf8") : undefined), file, 120_000);
    const m = /^full address:s:([\d.]+):(\d+)\r$/m.exec(text);
    assert.ok(m, text);
    assert.deepEqual([m[1], m[2]], [address, "3389"]);
    assert.equal(
      await tcpExchange(m[1], Number(m[2]), "rdp-hello"),
      "rdp-hello",
      "the echo target answers through the gate",
    );
  });
});
