// "Open for you" vs "open for someone else": JIT opens a port for the sources of a request, so a port another user
// opened is not open for me. The shapes come from a real 2018 list (test/fixtures/recordings/
// JitNetworkAccessPolicies_List.json), read through the same wire mapper the extension uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { activeGrants, portAccess, type Me } from "../../../src/core/accessState";
import { toPolicy } from "../../../src/azure/jit";
import type { JitRequest, Policy } from "../../../src/core/types";

interface Recording {
  Entries: Array<{ ResponseBody: string }>;
}
const recording = JSON.parse(
  readFileSync(join(__dirname, "../../fixtures/recordings/JitNetworkAccessPolicies_List.json"), "utf8"),
) as Recording;
const listed = (JSON.parse(recording.Entries[0]?.ResponseBody ?? "{}") as { value: unknown[] }).value;
const recorded: Policy = toPolicy(listed[0] as Parameters<typeof toPolicy>[0], { subscriptionId: "" });
const VM = recorded.virtualMachines[0]?.id ?? "";
const PORT = 3389;
const SOURCE = "167.220.196.64";

/**
 * The recorded requests as they stood at `at` (the list was read on 2018-07-22): those made later did not exist
 * yet, and those whose window held `at` were Initiated then — the two overlapping 2018-07-16 ones both were.
 */
function inForceAt(at: string): Policy {
  const now = Date.parse(at);
  const requests: JitRequest[] = recorded.requests
    .filter((r) => r.startTimeUtc <= now)
    .map((r) => ({
      ...r,
      virtualMachines: r.virtualMachines.map((vm) => ({
        ...vm,
        ports: vm.ports.map((p) =>
          r.startTimeUtc <= now && now < p.endTimeUtc
            ? { ...p, status: "Initiated", statusReason: "UserRequested" }
            : p,
        ),
      })),
    }));
  return { ...recorded, requests };
}
const AT = "2018-07-16T17:30:00Z";
const NOW = Date.parse(AT);

test("the recording holds the overlap this rests on: two requests, one port, one source, both in force at 17:30", () => {
  const overlapping = recorded.requests.filter(
    (r) =>
      r.startTimeUtc <= NOW &&
      r.virtualMachines.some((vm) => vm.ports.some((p) => p.number === PORT && p.endTimeUtc > NOW)),
  );
  assert.equal(overlapping.length, 2);
  for (const r of overlapping) {
    assert.equal(r.requestor, "", "service principal requests");
    assert.deepEqual(r.virtualMachines[0]?.ports[0]?.allowedSourceAddressPrefixes, [SOURCE]);
    assert.equal(
      r.virtualMachines[0]?.ports[0]?.statusReason,
      "Expired",
      "both ended Expired, neither NewerRequestInitiated",
    );
  }
});

test("my requests known by the sources Azure recorded: open for me, until the later of my overlapping ends", () => {
  const access = portAccess(inForceAt(AT), VM, PORT, NOW, { sources: [SOURCE] });
  assert.equal(access.kind, "open");
  assert.equal(access.openFor, "me");
  assert.deepEqual(access.others, []);
  assert.equal(
    access.endTimeUtc,
    Date.parse("2018-07-16T20:25:38.5048217Z"),
    "the newer request keeps the port open longest",
  );
  assert.equal(access.remainingMs, Date.parse("2018-07-16T20:25:38.5048217Z") - NOW);
});

test("someone else's open requests are not mine: kind none, both listed as open for them, soonest-ending first", () => {
  const frank: Me = { requestor: "frank@fabrikam.example", sources: ["198.51.100.78"] };
  const access = portAccess(inForceAt(AT), VM, PORT, NOW, frank);
  assert.equal(access.kind, "none");
  assert.equal(access.openFor, "others");
  assert.deepEqual(
    access.others?.map((o) => [o.requestor, o.sources, new Date(o.endTimeUtc).toISOString(), o.kind]),
    [
      ["", [SOURCE], "2018-07-16T18:12:15.886Z", "open"],
      ["", [SOURCE], "2018-07-16T20:25:38.504Z", "open"],
    ],
  );
  assert.equal(access.others?.[0]?.remainingMs, Date.parse("2018-07-16T18:12:15.8866437Z") - NOW);
  // Without "me" the old answer stands (backwards compatible): the latest request decides, whoever made it.
  assert.equal(portAccess(inForceAt(AT), VM, PORT, NOW).kind, "open");
  assert.equal(portAccess(inForceAt(AT), VM, PORT, NOW).openFor, undefined);
});

test("by requestor, case-insensitively; an empty requestor (service principal) never matches by name", () => {
  const at = "2018-07-05T12:30:00Z";
  const now = Date.parse(at);
  const mine = portAccess(inForceAt(at), VM, PORT, now, { requestor: "JIT.User@Contoso.COM" });
  assert.equal(mine.kind, "open");
  assert.equal(mine.openFor, "me");
  assert.equal(mine.request?.requestor, "jit.user@contoso.com");
  const sp = portAccess(inForceAt(at), VM, PORT, now, { requestor: "" });
  assert.equal(sp.kind, "none");
  assert.equal(sp.openFor, "others");
  assert.deepEqual(
    sp.others?.map((o) => [o.requestor, o.sources]),
    [["jit.user@contoso.com", ["167.220.196.78"]]],
  );
});

test("open for both: my request and another user's overlap", () => {
  const policy = inForceAt(AT);
  const theirs = policy.requests.find((r) => r.startTimeUtc === Date.parse("2018-07-16T15:12:17.1929626Z"));
  assert.ok(theirs);
  const frankOwns: Policy = {
    ...policy,
    requests: policy.requests.map((r) =>
      r === theirs
        ? {
            ...r,
            requestor: "frank@fabrikam.example",
            virtualMachines: r.virtualMachines.map((vm) => ({
              ...vm,
              ports: vm.ports.map((p) => ({ ...p, allowedSourceAddressPrefixes: ["198.51.100.78"] })),
            })),
          }
        : r,
    ),
  };
  const access = portAccess(frankOwns, VM, PORT, NOW, { sources: [SOURCE] });
  assert.equal(access.kind, "open");
  assert.equal(access.openFor, "both");
  assert.deepEqual(
    access.others?.map((o) => [o.requestor, o.sources]),
    [["frank@fabrikam.example", ["198.51.100.78"]]],
  );
});

test("after the windows: my latest request decides my state (ended), and nobody else holds it open", () => {
  const now = Date.parse("2018-07-16T21:00:00Z");
  const access = portAccess(inForceAt("2018-07-16T21:00:00Z"), VM, PORT, now, { sources: [SOURCE] });
  assert.equal(access.kind, "ended");
  assert.equal(access.openFor, undefined);
  assert.equal(access.request?.startTimeUtc, Date.parse("2018-07-16T17:25:39.1160131Z"), "the latest of mine");
  assert.equal(access.endedAgoMs, now - Date.parse("2018-07-16T20:25:38.5048217Z"));
});

test("activeGrants with me counts only ports open for me (the VM summary's 'n open')", () => {
  const policy = inForceAt(AT);
  assert.equal(activeGrants([policy], NOW).length, 1, "without me: the port counts whoever opened it");
  assert.equal(activeGrants([policy], NOW, { requestor: "frank@fabrikam.example" }).length, 0);
  assert.equal(activeGrants([policy], NOW, { sources: [SOURCE.toUpperCase()] }).length, 1);
});
