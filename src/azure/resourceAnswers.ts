// The schemas of the Azure Resource Manager answers other than JIT's: subscriptions, tenants, VMs, NICs and public
// IPs, checked with the primitives of answers.ts (the same rules: an answer that does not fit is an error naming
// what was wrong and where).
import { t } from "../core/l10n";
import { sameId } from "../core/resourceId";
import type { Subscription, Tenant } from "../core/types";
import {
  AnswerError,
  join,
  list,
  object,
  optionalList,
  optionalObject,
  optionalText,
  text,
  type Json,
} from "./answers";

// ---- subscriptions and tenants (Microsoft.Resources, api-version 2022-12-01) ----

export function parseSubscription(value: unknown, path: string): Subscription {
  const o = object(value, path);
  const subscriptionId = text(o.subscriptionId, join(path, "subscriptionId"));
  const item: Subscription = {
    subscriptionId,
    tenantId: optionalText(o.tenantId, join(path, "tenantId")) ?? "",
    displayName: optionalText(o.displayName, join(path, "displayName")) || subscriptionId,
  };
  const state = optionalText(o.state, join(path, "state"));
  if (state) item.state = state;
  return item;
}

export function parseTenant(value: unknown, path: string): Tenant {
  const o = object(value, path);
  const item: Tenant = { tenantId: text(o.tenantId, join(path, "tenantId")) };
  const displayName = optionalText(o.displayName, join(path, "displayName"));
  if (displayName) item.displayName = displayName;
  const defaultDomain = optionalText(o.defaultDomain, join(path, "defaultDomain"));
  if (defaultDomain) item.defaultDomain = defaultDomain;
  return item;
}

// ---- compute and network (VM 2024-07-01, NIC and public IP 2024-05-01) ----

export interface VmListItem {
  id: string;
  name: string;
  location: string;
  osType?: string;
}

export function parseVmListItem(value: unknown, path: string): VmListItem {
  const o = object(value, path);
  const id = text(o.id, join(path, "id"));
  const item: VmListItem = {
    id,
    name: optionalText(o.name, join(path, "name")) || (id.split("/").pop() ?? id),
    location: text(o.location, join(path, "location")),
  };
  const osType = vmOsType(optionalObject(o.properties, join(path, "properties")), join(path, "properties"));
  if (osType) item.osType = osType;
  return item;
}

function vmOsType(props: Json | undefined, path: string): string | undefined {
  const storage = optionalObject(props?.storageProfile, join(path, "storageProfile"));
  const disk = optionalObject(storage?.osDisk, join(join(path, "storageProfile"), "osDisk"));
  return optionalText(disk?.osType, join(path, "storageProfile.osDisk.osType")) || undefined;
}

/** The ARM resource's `id` must be the one asked for: an answer about another resource is not this one's. */
function resourceProps(value: unknown, expectedId: string): Json {
  const o = object(value, "");
  const id = text(o.id, "id");
  if (!sameId(id, expectedId)) throw new AnswerError("id", "rule", t("the id of another resource"));
  return object(o.properties, "properties");
}

export interface VmFacts {
  adminUsername?: string;
  osType?: string;
  /** The primary NIC's id, when the VM has one. */
  nicId?: string;
}

/** NICs and IP configurations flag the primary one; a single entry has no flag. */
function primary(items: unknown[], path: string): { item: Json; path: string } | undefined {
  const all = items.map((item, i) => object(item, join(path, i)));
  const index = all.findIndex(
    (item, i) =>
      item.primary === true || optionalObject(item.properties, join(join(path, i), "properties"))?.primary === true,
  );
  const at = index === -1 ? 0 : index;
  return all[at] ? { item: all[at]!, path: join(path, at) } : undefined;
}

export function parseVm(value: unknown, vmId: string): VmFacts {
  const props = resourceProps(value, vmId);
  const facts: VmFacts = {};
  const os = optionalObject(props.osProfile, "properties.osProfile");
  const adminUsername = optionalText(os?.adminUsername, "properties.osProfile.adminUsername");
  if (adminUsername) facts.adminUsername = adminUsername;
  const osType = vmOsType(props, "properties");
  if (osType) facts.osType = osType;
  const network = optionalObject(props.networkProfile, "properties.networkProfile");
  const nicsPath = "properties.networkProfile.networkInterfaces";
  const nic = primary(optionalList(network?.networkInterfaces, nicsPath) ?? [], nicsPath);
  if (nic) facts.nicId = text(nic.item.id, join(nic.path, "id"));
  return facts;
}

export interface NicFacts {
  privateIp?: string;
  publicIpId?: string;
}

export function parseNic(value: unknown, nicId: string): NicFacts {
  const props = resourceProps(value, nicId);
  const configsPath = "properties.ipConfigurations";
  const config = primary(list(props.ipConfigurations, configsPath), configsPath);
  const facts: NicFacts = {};
  if (!config) return facts;
  const configProps = object(config.item.properties, join(config.path, "properties"));
  const privateIp = optionalText(configProps.privateIPAddress, join(config.path, "properties.privateIPAddress"));
  if (privateIp) facts.privateIp = privateIp;
  const pipPath = join(config.path, "properties.publicIPAddress");
  const pip = optionalObject(configProps.publicIPAddress, pipPath);
  if (pip) facts.publicIpId = text(pip.id, join(pipPath, "id"));
  return facts;
}

export interface PublicIpFacts {
  ipAddress?: string;
  fqdn?: string;
}

export function parsePublicIp(value: unknown, publicIpId: string): PublicIpFacts {
  const props = resourceProps(value, publicIpId);
  const facts: PublicIpFacts = {};
  const ip = optionalText(props.ipAddress, "properties.ipAddress");
  if (ip) facts.ipAddress = ip;
  const dns = optionalObject(props.dnsSettings, "properties.dnsSettings");
  const fqdn = optionalText(dns?.fqdn, "properties.dnsSettings.fqdn");
  if (fqdn) facts.fqdn = fqdn;
  return facts;
}
