// ARM resource ids. Policy ids carry everything get/initiate need; VM ids are opaque beyond what ARM
// guarantees, because JIT also covers AWS EC2 instances through security connectors.
import { t } from "./l10n";

export interface PolicyRef {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
}

export interface VmRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const POLICY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Security\/locations\/([^/]+)\/jitNetworkAccessPolicies\/([^/]+)\/?$/i;
const VM_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/?$/i;
const SUBSCRIPTION_ID = /^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$/;
// Azure documents ^[-\w\._\(\)]+$ with .NET's Unicode \w (letters, marks, decimal digits, connectors); JS's \w is ASCII only.
const RESOURCE_GROUP = /^[-\p{L}\p{Mn}\p{Nd}\p{Pc}._()]+$/u;

/**
 * Splits a policy id as ARM returns it (any casing, optional trailing slash). Ids are taken as they are, not
 * percent-decoded: ARM never encodes them and the SDK encodes path parameters itself. Segment values are not
 * validated here (an id from Azure is the truth); use validateSubscriptionId/validateResourceGroupName for input.
 */
export function parsePolicyId(id: string): PolicyRef | undefined {
  const m = POLICY_ID.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, location, name] = m;
  return { subscriptionId, resourceGroup, location, name };
}

/** The ref of a policy (or of anything carrying a policy's four parts): only those four, nothing else copied. */
export function policyRefOf(policy: PolicyRef): PolicyRef {
  return {
    subscriptionId: policy.subscriptionId,
    resourceGroup: policy.resourceGroup,
    location: policy.location,
    name: policy.name,
  };
}

export function policyId(ref: PolicyRef): string {
  return (
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}` +
    `/providers/Microsoft.Security/locations/${ref.location}/jitNetworkAccessPolicies/${ref.name}`
  );
}

/** Splits an Azure VM id; undefined for anything else (AWS connector ids and other opaque forms). */
export function parseVmId(id: string): VmRef | undefined {
  const m = VM_ID.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, name] = m;
  return { subscriptionId, resourceGroup, name };
}

export function vmId(ref: VmRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${ref.name}`;
}

/** An AWS EC2 instance as Defender for Cloud's AWS connector names it (docs/azure-behaviour.md#aws-ec2-instances). */
export interface AwsInstanceRef {
  subscriptionId: string;
  resourceGroup: string;
  connector: string;
  /** "i-" and 8 or 17 hex digits. */
  instanceId: string;
  /** e.g. "us-east-1". */
  region: string;
}

// aws-ec2-instance-<i-…>-<region>: the instance id is i- plus hex; the region is what follows it (letters, digits, dashes).
const AWS_INSTANCE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Security\/securityConnectors\/([^/]+)\/securityEntityData\/aws-ec2-instance-(i-[0-9a-f]{8}(?:[0-9a-f]{9})?)-([a-z]{2}(?:-[a-z]+)+-\d+)\/?$/i;

/** Splits an AWS connector EC2 instance id; undefined for anything else (Azure VM ids included). */
export function parseAwsInstanceId(id: string): AwsInstanceRef | undefined {
  const m = AWS_INSTANCE_ID.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, connector, instanceId, region] = m;
  return {
    subscriptionId,
    resourceGroup,
    connector,
    instanceId: instanceId.toLowerCase(),
    region: region.toLowerCase(),
  };
}

/** The display name of any resource id: its last non-empty segment (works for opaque ids too). */
export function vmNameFromId(id: string): string {
  const segments = id.split("/").filter((s) => s.length > 0);
  return segments.length ? segments[segments.length - 1] : id;
}

/** ARM ids compare case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return trimSlash(a).toLowerCase() === trimSlash(b).toLowerCase();
}

export function samePolicy(a: PolicyRef, b: PolicyRef): boolean {
  return sameId(policyId(a), policyId(b));
}

export function validateSubscriptionId(value: string): string | undefined {
  if (SUBSCRIPTION_ID.test(value)) return undefined;
  return t('Subscription id "{0}" must be a GUID such as 00000000-0000-0000-0000-000000000000.', value);
}

export function validateResourceGroupName(value: string): string | undefined {
  if (value.length < 1 || value.length > 90) {
    return t("Resource group name must be 1 to 90 characters long (it has {0}).", value.length);
  }
  if (!RESOURCE_GROUP.test(value)) {
    return t(
      'Resource group name "{0}" may contain only letters, digits, underscores, hyphens, periods and parentheses.',
      value,
    );
  }
  if (value.endsWith(".")) return t('Resource group name "{0}" must not end with a period.', value);
  return undefined;
}

/**
 * Drops trailing slashes with a scan from the end. `/\/+$/` is quadratic on a long run of slashes that does not end
 * the string (the engine retries the run from every slash), and ids come from Azure: see
 * docs/azure-behaviour.md#parsers-and-written-files.
 */
function trimSlash(id: string): string {
  return trimTrailingSlashes(id.trim());
}

/** `text` without its trailing slashes, in linear time (see trimSlash): for ids and endpoint URLs alike. */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}
