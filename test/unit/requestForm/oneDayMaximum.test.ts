// The form's "up to …" beside a port agrees with what a request can get: planning caps a policy's maximum at one
// day (src/core/requestPlan.ts), so a "P2D" port reads "up to 1 d", not "up to 2 d".
import assert from "node:assert/strict";
import { test } from "node:test";
import { portMaxMs as planMaxMs } from "../../../src/core/requestPlan";
import { portMaxMs, portSummary } from "../../../src/requestForm/formModel";

const rule = (max: string) => ({
  number: 22,
  protocol: "TCP",
  allowedSourceAddressPrefixes: ["*"],
  maxRequestAccessDuration: max,
});

test("P2D, P1DT1H and PT48H read as one day, as planning plans them; one day and less read as written", () => {
  for (const max of ["P2D", "P1DT1H", "PT48H", "P7D"]) {
    assert.equal(portMaxMs(rule(max)), planMaxMs(rule(max)), max);
    assert.match(portSummary(rule(max)), /^up to 1 d ·/, max);
  }
  assert.match(portSummary(rule("P1D")), /^up to 1 d ·/);
  assert.match(portSummary(rule("PT3H")), /^up to 3 h ·/);
  assert.equal(portMaxMs(rule("PT3H")), planMaxMs(rule("PT3H")));
});
