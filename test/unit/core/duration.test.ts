import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DAY_MS,
  formatIsoDuration,
  HOUR_MS,
  humanDuration,
  MAX_ACCESS_MS,
  MIN_ACCESS_MS,
  MINUTE_MS,
  parseIsoDuration,
  validateAccessMs,
  validatePolicyDuration,
} from "../../../src/core/duration";

function ms(text: string): number {
  const parsed = parseIsoDuration(text);
  assert.ok(parsed.ok, `${text} should parse`);
  return parsed.ms;
}

function error(text: string): string {
  const parsed = parseIsoDuration(text);
  assert.ok(!parsed.ok, `${text} should be refused`);
  return parsed.error;
}

describe("parseIsoDuration", () => {
  it("reads the durations JIT policies use", () => {
    assert.equal(ms("PT5M"), 5 * MINUTE_MS);
    assert.equal(ms("PT1H30M"), 90 * MINUTE_MS);
    assert.equal(ms("PT3H"), 3 * HOUR_MS);
    assert.equal(ms("PT10H"), 10 * HOUR_MS);
    assert.equal(ms("P1D"), DAY_MS);
    assert.equal(ms("PT24H"), DAY_MS);
    assert.equal(ms("P1DT1H"), 25 * HOUR_MS);
    assert.equal(ms("PT90M"), 90 * MINUTE_MS);
    assert.equal(ms("PT30S"), 30_000);
    assert.equal(ms("PT1H0M0S"), HOUR_MS);
    assert.equal(ms("PT05M"), 5 * MINUTE_MS);
  });

  it("accepts a decimal fraction on the smallest unit", () => {
    assert.equal(ms("PT1.5H"), 90 * MINUTE_MS);
    assert.equal(ms("PT0.5M"), 30_000);
    assert.equal(ms("PT1H2.5M"), HOUR_MS + 150_000);
  });

  it("refuses a fraction on anything but the last unit", () => {
    assert.match(error("PT1.5H30M"), /only its last unit may have a decimal fraction/);
    assert.match(error("P1.5DT1H"), /only its last unit may have a decimal fraction/);
  });

  it("is lenient about case and surrounding spaces", () => {
    assert.equal(ms("pt3h"), 3 * HOUR_MS);
    assert.equal(ms("  PT1H  "), HOUR_MS);
  });

  it("refuses garbage with a message that quotes the input and shows the form", () => {
    for (const bad of [
      "3h",
      "3 h",
      "PT",
      "P",
      "",
      " ",
      "-PT1H",
      "PT-1H",
      "PT1H30",
      "P1W",
      "P1Y",
      "P1M",
      "P1DT",
      "T1H",
      "1H",
      "PT1H 30M",
      "PTH",
      "PT.5H",
      "PT1,5H",
      "PT1M1H",
      "P1H",
      "PT1D",
    ]) {
      const message = error(bad);
      assert.match(message, /is not an ISO-8601 duration; write it like PT30M, PT3H, PT1H30M or P1D\./, bad);
      assert.ok(message.includes(`"${bad}"`), bad);
    }
  });

  it("refuses zero durations", () => {
    for (const zero of ["PT0S", "P0D", "PT0H0M", "PT0.0001S"]) {
      assert.match(error(zero), /must be longer than zero/, zero);
    }
  });
});

describe("formatIsoDuration", () => {
  it("writes the portal's forms", () => {
    assert.equal(formatIsoDuration(5 * MINUTE_MS), "PT5M");
    assert.equal(formatIsoDuration(3 * HOUR_MS), "PT3H");
    assert.equal(formatIsoDuration(90 * MINUTE_MS), "PT1H30M");
    assert.equal(formatIsoDuration(DAY_MS), "P1D");
    assert.equal(formatIsoDuration(DAY_MS + HOUR_MS + MINUTE_MS + 1000), "P1DT1H1M1S");
    assert.equal(formatIsoDuration(45_000), "PT45S");
  });

  it("writes PT0S for zero, negative and non-numbers", () => {
    assert.equal(formatIsoDuration(0), "PT0S");
    assert.equal(formatIsoDuration(-HOUR_MS), "PT0S");
    assert.equal(formatIsoDuration(Number.NaN), "PT0S");
    assert.equal(formatIsoDuration(400), "PT0S");
  });

  it("round-trips with parseIsoDuration", () => {
    for (const text of ["PT5M", "PT1H30M", "PT3H", "P1D", "PT23H59M", "P1DT30M", "PT1M1S"]) {
      assert.equal(formatIsoDuration(ms(text)), text);
    }
    for (let m = 5; m <= 24 * 60; m += 7) {
      assert.equal(ms(formatIsoDuration(m * MINUTE_MS)), m * MINUTE_MS, `${m} min`);
    }
  });
});

describe("humanDuration", () => {
  it("writes short human text", () => {
    assert.equal(humanDuration(3 * HOUR_MS), "3 h");
    assert.equal(humanDuration(90 * MINUTE_MS), "1 h 30 min");
    assert.equal(humanDuration(45 * MINUTE_MS), "45 min");
    assert.equal(humanDuration(DAY_MS), "1 d");
    assert.equal(humanDuration(DAY_MS + 90 * MINUTE_MS), "1 d 1 h 30 min");
    assert.equal(humanDuration(DAY_MS + 5 * MINUTE_MS), "1 d 5 min");
  });

  it("rounds to the nearest minute", () => {
    assert.equal(humanDuration(4 * MINUTE_MS + 29_999), "4 min");
    assert.equal(humanDuration(4 * MINUTE_MS + 30_000), "5 min");
    assert.equal(humanDuration(59 * MINUTE_MS + 45_000), "1 h");
  });

  it("says under a minute, and zero for nothing or negative", () => {
    assert.equal(humanDuration(1), "< 1 min");
    assert.equal(humanDuration(29_999), "< 1 min");
    assert.equal(humanDuration(30_000), "1 min");
    assert.equal(humanDuration(0), "0 min");
    assert.equal(humanDuration(-5 * MINUTE_MS), "0 min");
  });
});

describe("validatePolicyDuration / validateAccessMs", () => {
  it("has the service range of 5 minutes to 1 day", () => {
    assert.equal(MIN_ACCESS_MS, 5 * MINUTE_MS);
    assert.equal(MAX_ACCESS_MS, DAY_MS);
  });

  it("accepts the exact limits", () => {
    assert.equal(validatePolicyDuration("PT5M"), undefined);
    assert.equal(validatePolicyDuration("P1D"), undefined);
    assert.equal(validatePolicyDuration("PT24H"), undefined);
    assert.equal(validatePolicyDuration("PT3H"), undefined);
    assert.equal(validateAccessMs(MIN_ACCESS_MS), undefined);
    assert.equal(validateAccessMs(MAX_ACCESS_MS), undefined);
  });

  it("refuses just outside the limits", () => {
    assert.match(validatePolicyDuration("PT4M")!, /^Duration 4 min is under the minimum of 5 minutes\.$/);
    assert.match(validatePolicyDuration("PT4M59S")!, /under the minimum of 5 minutes/);
    assert.match(validatePolicyDuration("P1DT1M")!, /^Duration 1 d 1 min is over the maximum of 1 day\.$/);
    assert.match(validatePolicyDuration("PT24H1S")!, /over the maximum of 1 day/);
    assert.match(validateAccessMs(MIN_ACCESS_MS - 1)!, /under the minimum/);
    assert.match(validateAccessMs(MAX_ACCESS_MS + 1)!, /over the maximum/);
  });

  it("shows seconds when rounding to minutes would hide why a value is out of range", () => {
    const under = validatePolicyDuration("PT4M59S")!;
    assert.ok(!under.includes("Duration 5 min"), under);
    assert.match(under, /4 min 59 s/);
    const over = validatePolicyDuration("PT24H1S")!;
    assert.ok(!over.includes("Duration 1 d is"), over);
    assert.match(over, /1 d 1 s/);
    assert.equal(validateAccessMs(30_000), "Duration 30 s is under the minimum of 5 minutes.");
    assert.equal(validateAccessMs(0), "Duration 0 min is under the minimum of 5 minutes.");
    assert.equal(validateAccessMs(4 * MINUTE_MS), "Duration 4 min is under the minimum of 5 minutes.");
  });

  it("passes on parse errors", () => {
    assert.match(validatePolicyDuration("3h")!, /is not an ISO-8601 duration/);
    assert.match(validatePolicyDuration("PT0S")!, /longer than zero/);
  });
});

describe("parseIsoDuration suggestions", () => {
  it("suggests the ISO form for what people type instead", () => {
    const cases: Array<[string, string]> = [
      ["3h", "PT3H"],
      ["3 h", "PT3H"],
      ["1H", "PT1H"],
      ["90 min", "PT1H30M"],
      ["45m", "PT45M"],
      ["1h30m", "PT1H30M"],
      ["1 d", "P1D"],
      ["2 hours", "PT2H"],
    ];
    for (const [typed, iso] of cases) assert.ok(error(typed).endsWith(`Did you mean ${iso}?`), typed);
  });

  it("guesses nothing for real garbage or zero", () => {
    for (const bad of ["PT", "-PT1H", "P1W", "0h", "h", "", "1.5h", "3x"])
      assert.doesNotMatch(error(bad), /Did you mean/, bad);
  });
});
