import type { ChannelConfig, Contacts, RouteConfig, SlaClocks, SourceConfig } from './schema.js';
import type { MetricName, Severity } from '../core/rules.js';

export type { ChannelConfig, Contacts, RouteConfig, SlaClocks, SourceConfig };

/** A rule as it applies to one API: thresholds in milliseconds (latency) or fractions 0..1 (rates). */
export interface Rule {
  name: string;
  metric: MetricName;
  comparison: 'above' | 'below';
  threshold: number;
  forMs: number;
  resolveAfterMs: number;
  severity: Severity;
  minSamples: number;
  description?: string | undefined;
  runbook?: string | undefined;
  summary?: string | undefined;
}

export interface Slo {
  objective: number;
  periodMs: number;
  minSamples: number;
}

export interface Team {
  id: string;
  name: string;
  description?: string | undefined;
  contacts: Contacts;
  notify: string[];
  sla: string;
  escalation: string[];
}

export interface ApiConfig {
  id: string;
  name: string;
  family: string;
  /** The owning team's id; undefined when nobody owns it (shown as Unassigned). */
  owner: string | undefined;
  description?: string | undefined;
  url: string | undefined;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  allowWrite: boolean;
  intervalMs: number;
  timeoutMs: number;
  expect: { status?: number[] | undefined; bodyContains?: string | undefined; maxLatencyMs?: number | undefined };
  rules: Rule[];
  slo: Slo | undefined;
  source?: string | undefined;
  queries: Partial<Record<MetricName, string>>;
  runbook?: string | undefined;
  dashboard?: string | undefined;
  docs?: string | undefined;
}

export interface Defaults {
  intervalMs: number;
  timeoutMs: number;
  windowMs: number;
  userAgent: string;
  maxBodyBytes: number;
  concurrency: number;
  perHostConcurrency: number;
  minSamples: number;
  bell: boolean;
}

export type SlaPolicy = Partial<Record<Severity, SlaClocks>>;

export interface NotificationSettings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatMs: number;
  resolved: boolean;
}

/** The team's engines (`shared:`): where acks and mutes are shared and --remote reads. */
export interface SharedEngines {
  alertmanager?: string | undefined;
  prometheus?: string | undefined;
  /** Header names lower case; values may be ${VAR} secrets. */
  headers: Record<string, string>;
  /** The CA file as written, and its PEM text once the loader read it. */
  caFile?: string | undefined;
  ca?: string | undefined;
  metrics: 'apihealth' | 'blackbox';
  pollMs: number;
}

export interface Config {
  /** Where the config was read from; undefined for the embedded demo. */
  path: string | undefined;
  defaults: Defaults;
  teams: Team[];
  apis: ApiConfig[];
  /** The fleet-wide rules before per-API overrides. */
  rules: Rule[];
  slo: Slo | undefined;
  sla: Record<string, SlaPolicy>;
  channels: Record<string, ChannelConfig>;
  routes: RouteConfig[];
  notifications: NotificationSettings;
  sources: Record<string, SourceConfig>;
  shared: SharedEngines | undefined;
  /** Values read from the environment or marked secret: redacted wherever text leaves the program. */
  secrets: string[];
}
