// Every azureJit.* setting, validated with its rule and normalised in one place. settings.json can hold anything
// (a string where a number belongs, 120 where the maximum is 60): each value outside its rule falls back to its
// default or is clamped to its range, the same for every reader. Pure: the caller passes the raw lookup in.
import {
  DEFAULT_REFRESH_INTERVAL_SECONDS,
  MAX_REFRESH_INTERVAL_SECONDS,
  MIN_REFRESH_INTERVAL_SECONDS,
} from "./pollSchedule";

export type AuthMode = "vscode" | "azureCli";

export interface JitSettings {
  authentication: AuthMode;
  /** Seconds, 15–3600 (default 60). */
  refreshIntervalSeconds: number;
  /** Raw entries; src/auth/subscriptionFilter.ts parses them. */
  selectedSubscriptions: unknown;
  customCloudCaFile: string;
  defaultDuration: string;
  justificationTemplate: string;
  requireJustification: boolean;
  /** Minutes, 0–60 (default 5); 0 turns warnings off. */
  expiryWarningMinutes: number;
  expiryWarningNotification: boolean;
  sshPorts: number[];
  sshUser: string;
  manageSshConfig: boolean;
  /** Hours, 1–24 (default 8): how long keep-open renews a grant, counted from its first request. */
  keepOpenMaxHours: number;
  /** Whether a Remote - SSH window Connect opened offers keep-open for its VM. */
  keepOpenInConnectedWindows: KeepOpenInConnectedWindows;
}

export type KeepOpenInConnectedWindows = "off" | "ask" | "on";

/**
 * Settings a hostile workspace could abuse (sign in elsewhere, trust its CA, request longer or in another's words,
 * keep ports open for longer or without asking, SSH as someone else, write ~/.ssh/config): package.json's `restrictedConfigurations` lists exactly these, and in
 * an untrusted workspace only their user (or default) values are read (docs/azure-behaviour.md#restricted-mode).
 */
export const RESTRICTED_SETTINGS = [
  "authentication",
  "selectedSubscriptions",
  "customCloudCaFile",
  "defaultDuration",
  "justificationTemplate",
  "sshPorts",
  "sshUser",
  "manageSshConfig",
  "keepOpenMaxHours",
  "keepOpenInConnectedWindows",
] as const satisfies ReadonlyArray<keyof JitSettings>;

export const EXPIRY_WARNING_MINUTES = { default: 5, min: 0, max: 60 } as const;
/** At most a working day by default, never more than one day (Azure's own ceiling for one grant). */
export const KEEP_OPEN_MAX_HOURS = { default: 8, min: 1, max: 24 } as const;

const clampNumber = (value: unknown, fallback: number, min: number, max: number): number =>
  typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;

const text = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

/** `get(name)` returns the raw value of `azureJit.<name>` (undefined when unset). */
export function readJitSettings(get: (name: string) => unknown): JitSettings {
  const sshPorts = get("sshPorts");
  return {
    authentication: get("authentication") === "azureCli" ? "azureCli" : "vscode",
    refreshIntervalSeconds: clampNumber(
      get("refreshIntervalSeconds"),
      DEFAULT_REFRESH_INTERVAL_SECONDS,
      MIN_REFRESH_INTERVAL_SECONDS,
      MAX_REFRESH_INTERVAL_SECONDS,
    ),
    selectedSubscriptions: get("selectedSubscriptions"),
    customCloudCaFile: text(get("customCloudCaFile"), "").trim(),
    defaultDuration: text(get("defaultDuration"), "PT1H").trim() || "PT1H",
    justificationTemplate: text(get("justificationTemplate"), ""),
    requireJustification: get("requireJustification") === true,
    expiryWarningMinutes: clampNumber(
      get("expiryWarningMinutes"),
      EXPIRY_WARNING_MINUTES.default,
      EXPIRY_WARNING_MINUTES.min,
      EXPIRY_WARNING_MINUTES.max,
    ),
    expiryWarningNotification: get("expiryWarningNotification") !== false,
    sshPorts: Array.isArray(sshPorts)
      ? sshPorts.filter((p): p is number => Number.isInteger(p) && p > 0 && p < 65536)
      : [22],
    sshUser: text(get("sshUser"), "").trim(),
    manageSshConfig: get("manageSshConfig") !== false,
    keepOpenMaxHours: clampNumber(
      get("keepOpenMaxHours"),
      KEEP_OPEN_MAX_HOURS.default,
      KEEP_OPEN_MAX_HOURS.min,
      KEEP_OPEN_MAX_HOURS.max,
    ),
    keepOpenInConnectedWindows: ((v) => (v === "off" || v === "on" ? v : "ask"))(get("keepOpenInConnectedWindows")),
  };
}

/** The warning threshold every view uses (the tree's colour, the status bar's colour and notice), in ms. */
export function expiryWarningMs(settings: Pick<JitSettings, "expiryWarningMinutes">): number {
  return settings.expiryWarningMinutes * 60_000;
}
