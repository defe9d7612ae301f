// The `wire` scenario: `demo` plus a policy on an AWS EC2 instance, as Defender for Cloud's AWS connector (preview)
// names them: .../providers/Microsoft.Security/securityConnectors/<connector>/securityentitydata/aws-ec2-instance-<id>-<region>.
// No ARM VM stands behind it, so no address comes from ARM; with --network the emulator allocates one
// (GET /_emulator/network). A separate scenario, so tests that count demo's policies stay as they are.
import type { ScenarioDefinition } from "./definition.js";
import { demoScenario, SUB_ENGINEERING } from "./demo.js";

export const AWS_CONNECTOR_RG = "rg-aws-connector";
export const AWS_INSTANCE_ID = "i-0a1b2c3d4e5f67890";
export const AWS_REGION = "us-east-1";
export const AWS_VM_ID = `/subscriptions/${SUB_ENGINEERING}/resourcegroups/${AWS_CONNECTOR_RG}/providers/Microsoft.Security/securityConnectors/aws-connector/securityentitydata/aws-ec2-instance-${AWS_INSTANCE_ID}-${AWS_REGION}`;

export function wireScenario(): ScenarioDefinition {
  const demo = demoScenario();
  return {
    ...demo,
    name: "wire",
    resourceGroups: [
      ...(demo.resourceGroups ?? []),
      { subscriptionId: SUB_ENGINEERING, name: AWS_CONNECTOR_RG, location: "eastus2" },
    ],
    policies: [
      ...demo.policies,
      {
        subscriptionId: SUB_ENGINEERING,
        resourceGroup: AWS_CONNECTOR_RG,
        location: "eastus2",
        name: "default",
        virtualMachines: [
          {
            vm: AWS_VM_ID,
            ports: [{ number: 22, protocol: "*", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" }],
          },
        ],
      },
    ],
  };
}
