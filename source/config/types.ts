import type { ChannelConfig, Contacts, RouteConfig, SlaClocks, SourceConfig } from './schema.js';
import type { MetricName, Severity } from '../core/rules.js';
import type { SafePattern } from '../text/safe-pattern.js';

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
  /** How many vantages must see the condition for a global alarm; unset: defaults.quorum, else 1 (any one, as with a single prober). */
  quorum?: number | undefined;
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

/** Text as configured: `pattern` is set when it was written /like this/, otherwise the text must match exactly. */
export interface TextMatch {
  text: string;
  pattern?: SafePattern | undefined;
}

export interface HeaderExpectation {
  /** Lower case, as undici reports headers. */
  name: string;
  value: TextMatch;
}

/** One check on the parsed body; the checks present are tried in the order of the fields below. */
export interface JsonExpectation {
  path: string;
  /** Boxed, so that `equals: null` is told apart from no `equals`. */
  equals?: { value: unknown } | undefined;
  matches?: TextMatch | undefined;
  minItems?: number | undefined;
  exists?: boolean | undefined;
}

/** A JSON Schema compiled once at load: says why a body fails it, or undefined when it passes. */
export interface SchemaExpectation {
  /** The file path or "inline", for messages. */
  source: string;
  check(body: unknown): string | undefined;
}

export interface ApiExpect {
  status?: number[] | undefined;
  bodyContains?: string | undefined;
  maxLatencyMs?: number | undefined;
  headers?: HeaderExpectation[] | undefined;
  json?: JsonExpectation[] | undefined;
  schema?: SchemaExpectation | undefined;
  certificate?: { minValidityMs: number } | undefined;
}

/** How an https API's certificate is verified. */
export interface TlsSettings {
  /** PEM text of the CA certificates to trust instead of the system's, read from `caFile`. */
  ca?: string | undefined;
  caFile?: string | undefined;
  insecure: boolean;
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
  expect: ApiExpect;
  tls?: TlsSettings | undefined;
  rules: Rule[];
  slo: Slo | undefined;
  source?: string | undefined;
  queries: Partial<Record<MetricName, string>>;
  runbook?: string | undefined;
  dashboard?: string | undefined;
  docs?: string | undefined;
  /** API ids whose failing suppresses this API's alarms. */
  dependsOn: string[];
}

export interface Defaults {
  intervalMs: number;
  timeoutMs: number;
  windowMs: number;
  /** The period every sparkline covers, whatever the terminal's width. */
  sparklineMs: number;
  userAgent: string;
  maxBodyBytes: number;
  concurrency: number;
  perHostConcurrency: number;
  minSamples: number;
  bell: boolean;
  /** This process's vantage name as configured; without one, vantageName() falls back to the host name. */
  vantage?: string | undefined;
  /** The source address probes are bound to. */
  localAddress?: string | undefined;
  /** The quorum of rules that name none. */
  quorum?: number | undefined;
  connectivity: Connectivity;
  /** Fallback runbook and dashboard for exported alerts whose rule and API name none. */
  links?: DefaultLinks | undefined;
}

/** When api-health calls itself offline rather than the APIs failing. */
export interface Connectivity {
  /** Probed with the APIs; a network-class failure of it alone means offline. */
  url?: string | undefined;
  /** Share (0..1) of probed APIs failing with network-class outcomes at once, across at least 3 hosts. */
  threshold: number;
}

export interface DefaultLinks {
  runbook?: string | undefined;
  dashboard?: string | undefined;
}

export type SlaPolicy = Partial<Record<Severity, SlaClocks>>;

export interface NotificationSettings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatMs: number;
  resolved: boolean;
}

/** Which alarms a maintenance window covers: each key given must match one of its values. */
export interface MaintenanceMatch {
  family?: string[] | undefined;
  team?: string[] | undefined;
  api?: string[] | undefined;
  rule?: string[] | undefined;
}

export type MaintenanceSchedule =
  | { kind: 'once'; start: number }
  /** Start times from an RRULE read in the zone's wall-clock time. */
  | { kind: 'recurring'; rrule: string; timezone: string };

/** A maintenance window from the config or from `maintenance start`: alarms inside it are shown, not notified. */
export interface MaintenanceWindow {
  /** The config's windows are numbered by position ("config-1"); the CLI's by its journal. */
  id: string;
  name: string;
  match: MaintenanceMatch;
  schedule: MaintenanceSchedule;
  durationMs: number;
  reason?: string | undefined;
}

/** How long history.db keeps its minute rows and its hour rows. */
export interface HistoryRetention {
  fineMs: number;
  coarseMs: number;
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
  /** Answers from the engines longer than this are not read. */
  maxAnswerBytes: number;
}

/** Named in the ownership list with its steward, never probed (import action-api adds the Action API's modules as these). */
export interface Component {
  id: string;
  name: string;
  family: string;
  owner: string | undefined;
  description?: string | undefined;
  docs?: string | undefined;
}

export interface Config {
  /** Where the config was read from; undefined for the embedded demo. */
  path: string | undefined;
  defaults: Defaults;
  teams: Team[];
  apis: ApiConfig[];
  components: Component[];
  /** The fleet-wide rules before per-API overrides. */
  rules: Rule[];
  slo: Slo | undefined;
  sla: Record<string, SlaPolicy>;
  channels: Record<string, ChannelConfig>;
  routes: RouteConfig[];
  notifications: NotificationSettings;
  sources: Record<string, SourceConfig>;
  maintenance: MaintenanceWindow[];
  shared: SharedEngines | undefined;
  /** How long the stored history keeps each step; false: no history (`history: off`); undefined: the defaults. */
  history?: HistoryRetention | false | undefined;
  /** Values read from the environment or marked secret: redacted wherever text leaves the program. */
  secrets: string[];
  /** The ${VAR} names read from the environment, with their values: an export names a secret's placeholder after its variable. */
  secretVariables?: Record<string, string> | undefined;
}
