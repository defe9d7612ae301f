// AWS EC2 instance ids as Defender for Cloud's AWS connector writes them: instance id and region out, anything else refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseAwsInstanceId, parseVmId } from "../../../src/core/resourceId";
import { fcOptions } from "./fcConfig";

const SUB = "00000000-0000-0000-0000-00000000000c";
const id = (instance: string, region: string, connector = "aws-connector") =>
  `/subscriptions/${SUB}/resourcegroups/rg-aws/providers/Microsoft.Security/securityConnectors/${connector}/securityentitydata/aws-ec2-instance-${instance}-${region}`;

describe("parseAwsInstanceId", () => {
  it("splits the connector form into instance id and region, any casing", () => {
    assert.deepEqual(parseAwsInstanceId(id("i-0a1b2c3d4e5f67890", "us-east-1")), {
      subscriptionId: SUB,
      resourceGroup: "rg-aws",
      connector: "aws-connector",
      instanceId: "i-0a1b2c3d4e5f67890",
      region: "us-east-1",
    });
    assert.equal(
      parseAwsInstanceId(id("i-0A1B2C3D", "EU-WEST-2").toUpperCase().replace("/SUBSCRIPTIONS", "/subscriptions"))
        ?.instanceId,
      "i-0a1b2c3d",
    );
    assert.equal(parseAwsInstanceId(id("i-12345678", "us-gov-west-1"))?.region, "us-gov-west-1");
    assert.equal(parseVmId(id("i-0a1b2c3d4e5f67890", "us-east-1")), undefined, "not an Azure VM");
  });

  it("refuses ids that are not EC2 instances of a connector", () => {
    for (const bad of [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/i-0a1b2c3d`,
      id("i-0a1b2c3", "us-east-1"), // 7 hex digits
      id("i-0a1b2c3d4e", "us-east-1"), // neither 8 nor 17
      id("i-0a1b2c3g", "us-east-1"),
      id("i-0a1b2c3d", "useast1"),
      id("i-0a1b2c3d", "us-east-1") + "/extra",
      "aws-ec2-instance-i-0a1b2c3d-us-east-1",
    ])
      assert.equal(parseAwsInstanceId(bad), undefined, bad);
  });

  it("property: every 8- or 17-digit instance id and region round-trips; the id's last segment names both", () => {
    const hex = (n: number) =>
      fc.array(fc.constantFrom(..."0123456789abcdef"), { minLength: n, maxLength: n }).map((a) => a.join(""));
    const region = fc
      .tuple(
        fc.constantFrom("us", "eu", "ap", "sa", "ca", "me", "af", "il"),
        fc.array(fc.constantFrom("east", "west", "north", "south", "central", "gov", "southeast"), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(([a, mid, n]) => [a, ...mid, String(n)].join("-"));
    fc.assert(
      fc.property(fc.oneof(hex(8), hex(17)), region, (digits, r) => {
        const parsed = parseAwsInstanceId(id(`i-${digits}`, r));
        assert.equal(parsed?.instanceId, `i-${digits}`);
        assert.equal(parsed?.region, r);
      }),
      fcOptions(),
    );
  });
});
