// The `demo` scenario. Other helpers' tests use these exact names and ids: keep emulator/README.md in step.
import type { ScenarioDefinition } from "./definition.js";

export const TENANT_CONTOSO = "10000000-0000-4000-8000-000000000001";
export const TENANT_FABRIKAM = "20000000-0000-4000-8000-000000000002";
export const SUB_PRODUCTION = "00000000-0000-0000-0000-00000000000a";
export const SUB_SANDBOX = "00000000-0000-0000-0000-00000000000b";
export const SUB_ENGINEERING = "00000000-0000-0000-0000-00000000000c";

const ANY_3H = { protocol: "*", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" };
const ssh = (max = "PT3H") => ({ number: 22, ...ANY_3H, maxRequestAccessDuration: max });
const windows = (max = "PT3H") =>
  [3389, 5985, 5986].map((number) => ({ number, ...ANY_3H, maxRequestAccessDuration: max }));

export function demoScenario(): ScenarioDefinition {
  const prod = SUB_PRODUCTION;
  const eng = SUB_ENGINEERING;
  return {
    name: "demo",
    callerIp: "203.0.113.10",
    requestor: "jit.user@contoso.com",
    tenants: [
      { tenantId: TENANT_CONTOSO, displayName: "Contoso", defaultDomain: "contoso.onmicrosoft.com" },
      {
        tenantId: TENANT_FABRIKAM,
        displayName: "Fabrikam",
        defaultDomain: "fabrikam.onmicrosoft.com",
        countryCode: "GB",
      },
    ],
    subscriptions: [
      { subscriptionId: prod, tenantId: TENANT_CONTOSO, displayName: "Contoso Production" },
      { subscriptionId: SUB_SANDBOX, tenantId: TENANT_CONTOSO, displayName: "Contoso Sandbox", jitForbidden: true },
      { subscriptionId: eng, tenantId: TENANT_FABRIKAM, displayName: "Fabrikam Engineering" },
    ],
    resourceGroups: [
      { subscriptionId: prod, name: "rg-web-prod", location: "westeurope" },
      { subscriptionId: prod, name: "rg-empty", location: "francecentral" },
    ],
    vms: [
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        name: "web-01",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.1.0.4",
        publicIp: "20.61.10.4",
        fqdn: "web-01-contoso.westeurope.cloudapp.azure.com",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        name: "web-02",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.1.0.5",
        publicIp: "20.61.10.5",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        name: "win-app-01",
        location: "westeurope",
        osType: "Windows",
        adminUsername: "azureadmin",
        privateIp: "10.1.0.6",
        publicIp: "20.61.10.6",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        name: "web-ne-01",
        location: "northeurope",
        osType: "Linux",
        privateIp: "10.5.0.4",
        publicIp: "20.67.10.4",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-data-prod",
        name: "db-01",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.2.0.4",
        publicIp: "20.61.20.4",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-hub",
        name: "jumpbox-01",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.0.1.4",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-hub",
        name: "internal-01",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.0.2.4",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-tools",
        name: "build-agent-01",
        location: "westeurope",
        osType: "Linux",
        privateIp: "10.3.0.4",
        publicIp: "20.61.30.4",
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-tools",
        name: "legacy-win-01",
        location: "westeurope",
        osType: "Windows",
        adminUsername: "azureadmin",
        privateIp: "10.3.0.5",
        publicIp: "20.61.30.5",
      },
      {
        subscriptionId: SUB_SANDBOX,
        resourceGroup: "rg-sandbox",
        name: "sandbox-01",
        location: "eastus",
        osType: "Linux",
        privateIp: "10.9.0.4",
        publicIp: "20.81.90.4",
      },
      {
        subscriptionId: eng,
        resourceGroup: "rg-dev",
        name: "dev-box-01",
        location: "eastus",
        osType: "Linux",
        privateIp: "10.20.0.4",
        publicIp: "20.81.20.4",
        fqdn: "dev-box-01-fabrikam.eastus.cloudapp.azure.com",
      },
      {
        subscriptionId: eng,
        resourceGroup: "rg-dev",
        name: "dev-win-01",
        location: "eastus",
        osType: "Windows",
        adminUsername: "azureadmin",
        privateIp: "10.20.0.5",
        publicIp: "20.81.20.5",
      },
      {
        subscriptionId: eng,
        resourceGroup: "rg-integration",
        name: "integration-runner-vm-001",
        location: "westus2",
        osType: "Linux",
        privateIp: "10.30.0.4",
        publicIp: "20.91.30.4",
      },
    ],
    policies: [
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        location: "westeurope",
        name: "default",
        virtualMachines: [
          { vm: "web-01", ports: [ssh()] },
          { vm: "web-02", ports: [ssh()] },
          { vm: "win-app-01", ports: windows() },
        ],
        requests: [
          {
            requestor: "alice@contoso.com",
            justification: "Deploy hotfix 4.2.1",
            startMinutesAgo: 2 * 24 * 60,
            virtualMachines: [
              {
                vm: "web-01",
                ports: [{ number: 22, allowedSourceAddressPrefix: "198.51.100.23", durationMinutes: 180 }],
              },
            ],
          },
          {
            requestor: "bob@contoso.com",
            justification: "Investigating incident INC-1042",
            startMinutesAgo: 30,
            virtualMachines: [
              {
                vm: "web-02",
                ports: [{ number: 22, allowedSourceAddressPrefix: "198.51.100.42", durationMinutes: 180 }],
              },
            ],
          },
          {
            requestor: "jit.user@contoso.com",
            justification: "Routine maintenance",
            startMinutesAgo: 24 * 60,
            virtualMachines: [
              {
                vm: "web-01",
                ports: [{ number: 22, allowedSourceAddressPrefix: "203.0.113.10", durationMinutes: 60 }],
              },
            ],
          },
        ],
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-web-prod",
        location: "northeurope",
        name: "default",
        virtualMachines: [{ vm: "web-ne-01", ports: [ssh()] }],
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-data-prod",
        location: "westeurope",
        name: "jit-data",
        virtualMachines: [
          {
            vm: "db-01",
            ports: [
              {
                number: 22,
                protocol: "TCP",
                allowedSourceAddressPrefix: "198.51.100.0/24",
                maxRequestAccessDuration: "PT1H",
              },
              { number: 5432, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT30M" },
            ],
          },
        ],
        requests: [
          {
            requestor: "carol@contoso.com",
            justification: "Schema migration",
            startMinutesAgo: 5 * 60,
            virtualMachines: [
              {
                vm: "db-01",
                ports: [{ number: 22, allowedSourceAddressPrefix: "198.51.100.0/24", durationMinutes: 60 }],
              },
            ],
          },
        ],
      },
      {
        subscriptionId: prod,
        resourceGroup: "rg-hub",
        location: "westeurope",
        name: "default",
        virtualMachines: [
          { vm: "jumpbox-01", ports: [ssh()], publicIpAddress: "20.61.99.1" },
          { vm: "internal-01", ports: [ssh()] },
        ],
      },
      {
        subscriptionId: SUB_SANDBOX,
        resourceGroup: "rg-sandbox",
        location: "eastus",
        name: "default",
        virtualMachines: [{ vm: "sandbox-01", ports: [ssh()] }],
      },
      {
        subscriptionId: eng,
        resourceGroup: "rg-dev",
        location: "eastus",
        name: "default",
        virtualMachines: [
          { vm: "dev-box-01", ports: [ssh("PT8H")] },
          { vm: "dev-win-01", ports: windows("PT2H") },
        ],
        requests: [
          {
            requestor: "",
            startMinutesAgo: 3 * 60,
            virtualMachines: [
              {
                vm: "dev-box-01",
                ports: [{ number: 22, allowedSourceAddressPrefix: "192.0.2.15", durationMinutes: 120 }],
              },
            ],
          },
        ],
      },
      {
        subscriptionId: eng,
        resourceGroup: "rg-integration",
        location: "westus2",
        name: "integration-test-env-jit-policy",
        virtualMachines: [
          {
            vm: "integration-runner-vm-001",
            ports: [
              { number: 22, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT1H" },
              { number: 60001, protocol: "UDP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT1H" },
            ],
          },
        ],
      },
    ],
  };
}
