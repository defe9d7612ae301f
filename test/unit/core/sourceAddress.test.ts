import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkSourceAllowed,
  IPV6_MESSAGE,
  isAnySource,
  parseSource,
  type Source,
} from "../../../src/core/sourceAddress";

function source(text: string): Source {
  const parsed = parseSource(text);
  assert.ok(parsed.ok, `${text} should parse: ${parsed.ok ? "" : parsed.error}`);
  return parsed.source;
}

function error(text: string): string {
  const parsed = parseSource(text);
  assert.ok(!parsed.ok, `${text} should be refused`);
  return parsed.error;
}

describe("isAnySource", () => {
  it("knows the ways a policy says any source", () => {
    for (const any of ["*", "0.0.0.0/0", "Any", "any", "Internet", "INTERNET", " * "])
      assert.equal(isAnySource(any), true, any);
  });

  it("does not take specific prefixes for any", () => {
    for (const specific of ["0.0.0.0", "0.0.0.0/1", "10.0.0.0/8", "VirtualNetwork", "", "**"]) {
      assert.equal(isAnySource(specific), false, specific);
    }
  });
});

describe("parseSource", () => {
  it("reads an IPv4 address", () => {
    assert.deepEqual(source("203.0.113.7"), { kind: "ipv4", text: "203.0.113.7" });
    assert.deepEqual(source(" 10.0.0.1 "), { kind: "ipv4", text: "10.0.0.1" });
    assert.deepEqual(source("255.255.255.255"), { kind: "ipv4", text: "255.255.255.255" });
    assert.deepEqual(source("0.0.0.0"), { kind: "ipv4", text: "0.0.0.0" });
  });

  it("reads a canonical CIDR prefix", () => {
    assert.deepEqual(source("10.1.0.0/24"), { kind: "cidr", text: "10.1.0.0/24" });
    assert.deepEqual(source("10.0.0.0/8"), { kind: "cidr", text: "10.0.0.0/8" });
    assert.deepEqual(source("128.0.0.0/1"), { kind: "cidr", text: "128.0.0.0/1" });
    assert.deepEqual(source("203.0.113.6/31"), { kind: "cidr", text: "203.0.113.6/31" });
  });

  it("treats /32 as the address itself", () => {
    assert.deepEqual(source("203.0.113.7/32"), { kind: "ipv4", text: "203.0.113.7" });
  });

  it("reads any source, normalised to what the service knows", () => {
    assert.deepEqual(source("*"), { kind: "any", text: "*" });
    assert.deepEqual(source("0.0.0.0/0"), { kind: "any", text: "0.0.0.0/0" });
    assert.deepEqual(source("Any"), { kind: "any", text: "0.0.0.0/0" });
    assert.deepEqual(source("internet"), { kind: "any", text: "0.0.0.0/0" });
  });

  it("refuses an empty source", () => {
    for (const empty of ["", "   "]) assert.match(error(empty), /Source address is empty/);
  });

  it("refuses CIDR prefixes with host bits set, naming the network", () => {
    assert.equal(error("10.1.0.5/24"), 'Source address "10.1.0.5/24" has host bits set; the network is 10.1.0.0/24.');
    assert.match(error("203.0.113.7/31"), /the network is 203\.0\.113\.6\/31/);
    assert.match(error("1.2.3.4/0"), /the network is 0\.0\.0\.0\/0/);
  });

  it("refuses prefix lengths outside 0–32 or not written as a plain number", () => {
    for (const bad of [
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0/-1",
      "10.0.0.0/x",
      "10.0.0.0/100",
      "10.0.0.0/ 8",
      "10.0.0.0/8.0",
      "10.0.0.0/08",
      "10.0.0.0/032",
    ]) {
      assert.match(error(bad), /the prefix length must be a number from 0 to 32/, bad);
    }
  });

  it("refuses what is not an IPv4 address", () => {
    for (const bad of [
      "256.1.1.1",
      "1.2.3.256",
      "01.2.3.4",
      "1.2.3.04",
      "10.010.0.0/16",
      "1.2.3",
      "1.2.3.4.5",
      "1..3.4",
      "0x7f.0.0.1",
      "127.1",
      "2130706433",
      "host.example.com",
      "1.2.3.4/24/1",
      "1.2.3.4 5.6.7.8",
      "1.2.3.4,5.6.7.8",
      "a:b",
    ]) {
      assert.match(error(bad), /is not an IPv4 address or CIDR prefix/, bad);
    }
  });

  it("refuses IPv6 with the service's own words", () => {
    for (const v6 of [
      "2001:db8::1",
      "::1",
      "::",
      "2001:db8::/32",
      "[2001:db8::1]",
      "::ffff:203.0.113.7",
      "fe80::1%eth0",
    ]) {
      assert.equal(error(v6), IPV6_MESSAGE, v6);
    }
    assert.equal(
      IPV6_MESSAGE,
      "The provided access request contains a source IP address in IPv6 format, which is unsupported by Just-In-Time Network Access.",
    );
  });
});

describe("checkSourceAllowed", () => {
  it("lets a port open to any source take anything, including the caller's public IP", () => {
    for (const allowed of [["*"], ["0.0.0.0/0"], ["Any"], ["Internet"], ["10.0.0.0/8", "*"]]) {
      for (const requested of [undefined, "*", "0.0.0.0/0", "203.0.113.7", "10.1.0.0/24"]) {
        assert.equal(checkSourceAllowed(requested, allowed), undefined, `${String(requested)} vs ${allowed.join()}`);
      }
    }
  });

  it("leaves a port without any listed source to the service", () => {
    assert.equal(checkSourceAllowed(undefined, []), undefined);
    assert.equal(checkSourceAllowed("203.0.113.7", []), undefined);
  });

  it("accepts exactly one of the port's prefixes", () => {
    assert.equal(checkSourceAllowed("10.1.0.0/24", ["10.1.0.0/24"]), undefined);
    assert.equal(checkSourceAllowed("192.168.0.0/16", ["10.1.0.0/24", "192.168.0.0/16"]), undefined);
    assert.equal(checkSourceAllowed("203.0.113.7", ["203.0.113.7"]), undefined);
  });

  it("treats an address and the same address /32 as one source", () => {
    assert.equal(checkSourceAllowed("203.0.113.7", ["203.0.113.7/32"]), undefined);
    assert.equal(checkSourceAllowed("203.0.113.7/32", ["203.0.113.7"]), undefined);
  });

  it("refuses an address inside an allowed CIDR, naming the prefix to send instead", () => {
    const message = checkSourceAllowed("10.1.0.85", ["10.1.0.0/24"]);
    assert.equal(message, "Your source must be exactly 10.1.0.0/24 for this port; Azure refuses an address inside it.");
    assert.match(checkSourceAllowed("10.1.0.128/25", ["10.1.0.0/24"])!, /must be exactly 10\.1\.0\.0\/24/);
    assert.match(checkSourceAllowed("10.1.0.0/32", ["10.1.0.0/24"])!, /must be exactly 10\.1\.0\.0\/24/);
  });

  it("names the prefix that contains the address when there are several", () => {
    assert.match(
      checkSourceAllowed("192.168.4.4", ["10.1.0.0/24", "192.168.0.0/16"])!,
      /must be exactly 192\.168\.0\.0\/16/,
    );
  });

  it("refuses a wider range than the allowed prefix without calling it an address inside", () => {
    // 10.1.0.0/16 starts at the same address as the allowed 10.1.0.0/24 but covers far more.
    const message = checkSourceAllowed("10.1.0.0/16", ["10.1.0.0/24"]);
    assert.equal(message, "Source 10.1.0.0/16 is not allowed for this port; it allows only 10.1.0.0/24.");
    assert.doesNotMatch(checkSourceAllowed("0.0.0.0/1", ["10.1.0.0/24"])!, /inside/);
  });

  it("refuses a source outside every allowed prefix, listing them", () => {
    assert.equal(
      checkSourceAllowed("203.0.113.7", ["10.1.0.0/24"]),
      "Source 203.0.113.7 is not allowed for this port; it allows only 10.1.0.0/24.",
    );
    assert.equal(
      checkSourceAllowed("203.0.113.7", ["10.1.0.0/24", "192.168.0.0/16"]),
      "Source 203.0.113.7 is not allowed for this port; it allows only one of: 10.1.0.0/24, 192.168.0.0/16.",
    );
  });

  it("refuses any source on a port limited to prefixes", () => {
    assert.match(checkSourceAllowed("*", ["10.1.0.0/24"])!, /Source \* is not allowed/);
    assert.match(checkSourceAllowed("0.0.0.0/0", ["10.1.0.0/24"])!, /Source 0\.0\.0\.0\/0 is not allowed/);
  });

  it("refuses the caller's public IP (omitted source) on a port limited to prefixes", () => {
    assert.equal(
      checkSourceAllowed(undefined, ["10.1.0.0/24"]),
      "This port only allows the source 10.1.0.0/24; choose it instead of your public IP.",
    );
    assert.equal(
      checkSourceAllowed(undefined, ["10.1.0.0/24", "203.0.113.7"]),
      "This port only allows these sources: 10.1.0.0/24, 203.0.113.7; choose one of them instead of your public IP.",
    );
  });

  it("refuses a single address on a port allowing a different single address", () => {
    assert.match(checkSourceAllowed("203.0.113.8", ["203.0.113.7"])!, /it allows only 203\.0\.113\.7\./);
  });
});

describe("parseSource leading zeros", () => {
  it("refuses zero-padded octets and shows the decimal form to write", () => {
    assert.equal(
      error("010.1.2.3"),
      'Source address "010.1.2.3" is not an IPv4 address or CIDR prefix: leading zeros are ambiguous; write 10.1.2.3.',
    );
    assert.match(error("10.010.0.0/16"), /write 10\.10\.0\.0\/16\.$/);
    assert.match(error("192.168.001.000"), /write 192\.168\.1\.0\.$/);
    // Out of range once decoded: the plain refusal, no suggestion.
    assert.doesNotMatch(error("0300.1.2.3"), /write/);
  });
});
