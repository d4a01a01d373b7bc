import { createRedactor } from '../text/redact.js';
import { parseDuration } from '../core/duration.js';
import { parseFraction, type RawConfig, type RawRule, type RuleOverride } from './schema.js';
import type { ApiConfig, Component, Config, Defaults, HistoryRetention, Rule, SlaPolicy, Slo, Team } from './types.js';
import { isUnassigned, UNASSIGNED } from '../core/labels.js';
import { checkDependencies } from './dependencies.js';
import { resolveMaintenance } from './resolve-maintenance.js';
import { buildExpect, SchemaCompiler } from './expectations.js';
import { CaFiles } from './tls-settings.js';
import { isHttpUrl } from '../channel-schemas/common.js';
import { VERSION } from '../core/version.js';

export type ConfigPath = (string | number)[];

export interface ResolveIssue {
  path: ConfigPath;
  message: string;
}

export { VERSION } from '../core/version.js';

export const DEFAULTS: Defaults = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
  windowMs: 5 * 60_000,
  sparklineMs: 15 * 60_000,
  userAgent: `api-health/${VERSION} (no contact configured; set defaults.userAgent)`,
  maxBodyBytes: 1024 * 1024,
  concurrency: 64,
  perHostConcurrency: 1,
  minSamples: 5,
  bell: true,
  connectivity: { threshold: 0.8 },
};

/** The SLA used by teams that name none, mapped onto Phabricator priorities (page = Unbreak Now!). */
export const DEFAULT_HISTORY: HistoryRetention = { fineMs: 48 * 3_600_000, coarseMs: 400 * 86_400_000 };

export const DEFAULT_SLA: SlaPolicy = {
  page: { triage: 5 * 60_000, escalate: 15 * 60_000, resolve: 4 * 3_600_000 },
  critical: { triage: 15 * 60_000, escalate: 3_600_000, resolve: 86_400_000 },
  warning: { triage: 4 * 3_600_000, escalate: 86_400_000, resolve: 7 * 86_400_000 },
  info: { triage: 7 * 86_400_000, escalate: 14 * 86_400_000, resolve: 30 * 86_400_000 },
};

const DEFAULT_POLICY = 'standard';
export const DEFAULT_SHARED_POLL_MS = 15_000;
/** Alertmanager and Prometheus answers past this are not read: one engine cannot fill this process's memory. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Applies defaults and cross-references to a schema-valid config; everything wrong is reported, not thrown. */
export function resolveConfig(raw: RawConfig, path: string | undefined, secrets: string[]): { config: Config; issues: ResolveIssue[] } {
  const issues: ResolveIssue[] = [];
  // Error messages quote config values, and a value may hold a ${VAR} secret.
  const redact = createRedactor(secrets);
  const d = raw.defaults ?? {};
  const defaults: Defaults = {
    intervalMs: d.interval ?? DEFAULTS.intervalMs,
    timeoutMs: d.timeout ?? DEFAULTS.timeoutMs,
    windowMs: d.window ?? DEFAULTS.windowMs,
    sparklineMs: d.sparkline ?? DEFAULTS.sparklineMs,
    userAgent: d.userAgent ?? DEFAULTS.userAgent,
    maxBodyBytes: d.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    concurrency: d.concurrency ?? DEFAULTS.concurrency,
    perHostConcurrency: d.perHostConcurrency ?? DEFAULTS.perHostConcurrency,
    minSamples: d.minSamples ?? DEFAULTS.minSamples,
    bell: d.bell ?? DEFAULTS.bell,
    connectivity: { url: d.connectivity?.url, threshold: d.connectivity?.threshold ?? DEFAULTS.connectivity.threshold },
    ...(d.links ? { links: d.links } : {}),
    ...(d.vantage !== undefined ? { vantage: d.vantage } : {}),
    ...(d.localAddress !== undefined ? { localAddress: d.localAddress } : {}),
    ...(d.quorum !== undefined ? { quorum: d.quorum } : {}),
  };
  if (d.connectivity?.url !== undefined && !isHttpUrl(d.connectivity.url)) {
    issues.push({ path: ['defaults', 'connectivity', 'url'], message: `invalid URL "${redact(d.connectivity.url)}" (expected http:// or https://)` });
  }

  const sla: Record<string, SlaPolicy> = { [DEFAULT_POLICY]: DEFAULT_SLA, ...(raw.sla ?? {}) };
  const channelIds = Object.keys(raw.channels ?? {});
  const sourceIds = Object.keys(raw.sources ?? {});

  const teams: Team[] = Object.entries(raw.teams ?? {}).map(([id, t]) => {
    if (isUnassigned(id)) issues.push({ path: ['teams', id], message: `"${id}" is reserved for APIs nobody owns (owner: ${UNASSIGNED.name}): give the team another id` });
    if (t.sla !== undefined && !(t.sla in sla)) {
      issues.push({ path: ['teams', id, 'sla'], message: unknown('SLA policy', t.sla, Object.keys(sla)) });
    }
    (t.notify ?? []).forEach((channel, index) => {
      if (!channelIds.includes(channel)) issues.push({ path: ['teams', id, 'notify', index], message: unknown('channel', channel, channelIds) });
    });
    return {
      id,
      name: t.name,
      description: t.description,
      contacts: t.contacts ?? {},
      notify: t.notify ?? [],
      sla: t.sla ?? DEFAULT_POLICY,
      escalation: t.escalation ?? [],
    };
  });
  const teamIds = teams.map((t) => t.id);

  const fleetRules = (raw.rules ?? []).flatMap((r, index) => {
    const rule = buildRule(r, ['rules', index], defaults.minSamples, issues);
    return rule ? [rule] : [];
  });
  const seen = new Set<string>();
  for (const [index, r] of (raw.rules ?? []).entries()) {
    if (seen.has(r.name)) issues.push({ path: ['rules', index, 'name'], message: `duplicate rule name "${r.name}"` });
    seen.add(r.name);
  }

  const fleetSlo = raw.slo ? buildSlo(raw.slo, defaults.minSamples) : undefined;
  const schemas = new SchemaCompiler(path);
  const caFiles = new CaFiles(path);

  const apis: ApiConfig[] = Object.entries(raw.apis).map(([id, a]) => {
    const at = (...rest: ConfigPath): ConfigPath => ['apis', id, ...rest];
    let owner = a.owner;
    if (owner !== undefined && !teamIds.includes(owner)) {
      if (isUnassigned(owner)) owner = undefined;
      else issues.push({ path: at('owner'), message: unknown('team', owner, teamIds) });
    }
    if (a.source !== undefined && !sourceIds.includes(a.source)) {
      issues.push({ path: at('source'), message: unknown('source', a.source, sourceIds) });
    }
    if (a.url === undefined && a.source === undefined) {
      issues.push({ path: at(), message: 'an API needs a "url" to probe or a "source" to read its figures from' });
    }
    if (a.url !== undefined && !isHttpUrl(a.url)) {
      issues.push({ path: at('url'), message: `invalid URL "${redact(a.url)}" (expected http:// or https://)` });
    }
    const https = a.url !== undefined && a.url.startsWith('https:');
    const tls = a.tls === undefined ? undefined : caFiles.settings(a.tls);
    if (typeof tls === 'string') issues.push({ path: at('tls', 'ca'), message: tls });
    if (a.url !== undefined && !https && a.tls !== undefined) issues.push({ path: at('tls'), message: 'tls applies to https URLs only' });
    if (a.url !== undefined && !https && a.expect?.certificate !== undefined) issues.push({ path: at('expect', 'certificate'), message: 'a certificate is checked on https URLs only' });
    const method = a.method ?? 'GET';
    if (WRITE_METHODS.has(method) && a.allowWrite !== true) {
      issues.push({ path: at('method'), message: `${method} changes data on the target: probes must be safe, or set allowWrite: true` });
    }
    return {
      id,
      name: a.name ?? id,
      family: a.family ?? 'Other',
      owner,
      description: a.description,
      url: a.url,
      method,
      // HTTP header names are case-insensitive: one spelling, so a configured User-Agent replaces ours.
      headers: Object.fromEntries(Object.entries(a.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      body: a.body,
      allowWrite: a.allowWrite ?? false,
      intervalMs: a.interval ?? defaults.intervalMs,
      timeoutMs: a.timeout ?? defaults.timeoutMs,
      expect: buildExpect(a.expect, at('expect'), schemas, issues),
      tls: typeof tls === 'string' ? undefined : tls,
      rules: applyOverrides(fleetRules, a.rules ?? {}, at('rules'), defaults.minSamples, issues),
      slo: a.slo === 'off' ? undefined : a.slo ? buildSlo(a.slo, defaults.minSamples) : fleetSlo,
      source: a.source,
      queries: a.queries ?? {},
      runbook: a.runbook,
      dashboard: a.dashboard,
      docs: a.docs,
      dependsOn: a.dependsOn ?? [],
    };
  });
  checkDependencies(apis, issues);

  const checkChannels = (list: string[], at: ConfigPath): void =>
    list.forEach((channel, index) => {
      if (!channelIds.includes(channel)) issues.push({ path: [...at, index], message: unknown('channel', channel, channelIds) });
    });
  (raw.routes ?? []).forEach((route, index) => {
    checkChannels(route.notify, ['routes', index, 'notify']);
    (route.match?.team ?? []).forEach((team, t) => {
      if (!teamIds.includes(team)) issues.push({ path: ['routes', index, 'match', 'team', t], message: unknown('team', team, teamIds) });
    });
  });

  if (raw.shared && raw.shared.alertmanager === undefined && raw.shared.prometheus === undefined) {
    issues.push({ path: ['shared'], message: 'shared needs "alertmanager", "prometheus" or both: the URLs of the team\'s engines' });
  }

  const n = raw.notifications ?? {};
  const components: Component[] = Object.entries(raw.components ?? {}).map(([id, c]) => {
    let owner = c.owner;
    if (owner !== undefined && !teamIds.includes(owner)) {
      if (isUnassigned(owner)) owner = undefined;
      else issues.push({ path: ['components', id, 'owner'], message: unknown('team', owner, teamIds) });
    }
    if (raw.apis[id] !== undefined) issues.push({ path: ['components', id], message: `"${id}" is an API id too: a component needs an id of its own` });
    return { id, name: c.name ?? id, family: c.family ?? 'Other', owner, description: c.description, docs: c.docs };
  });

  const config: Config = {
    path,
    defaults,
    teams,
    apis,
    components,
    rules: fleetRules,
    slo: fleetSlo,
    sla,
    channels: raw.channels ?? {},
    routes: raw.routes ?? [],
    notifications: {
      groupWaitMs: n.groupWait ?? 30_000,
      groupIntervalMs: n.groupInterval ?? 60_000,
      repeatMs: n.repeat ?? 4 * 3_600_000,
      resolved: n.resolved ?? true,
    },
    sources: raw.sources ?? {},
    history: raw.history === 'off' ? false : { fineMs: raw.history?.fine ?? DEFAULT_HISTORY.fineMs, coarseMs: raw.history?.coarse ?? DEFAULT_HISTORY.coarseMs },
    maintenance: resolveMaintenance(raw.maintenance ?? [], apis, teams, issues),
    shared: raw.shared && {
      alertmanager: raw.shared.alertmanager?.replace(/\/+$/, ''),
      prometheus: raw.shared.prometheus?.replace(/\/+$/, ''),
      headers: Object.fromEntries(Object.entries(raw.shared.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      caFile: raw.shared.caFile,
      metrics: raw.shared.metrics ?? 'apihealth',
      pollMs: raw.shared.poll ?? DEFAULT_SHARED_POLL_MS,
      maxAnswerBytes: raw.shared.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    },
    secrets,
  };
  return { config, issues };
}

function buildSlo(raw: NonNullable<RawConfig['slo']>, minSamples: number): Slo {
  return { objective: raw.objective, periodMs: raw.period ?? 30 * 86_400_000, minSamples: raw.minSamples ?? minSamples };
}

type RuleInput = Omit<RawRule, 'name' | 'metric'> & { name: string; metric: RawRule['metric'] };

function buildRule(r: RuleInput, at: ConfigPath, minSamples: number, issues: ResolveIssue[]): Rule | undefined {
  if ((r.above === undefined) === (r.below === undefined)) {
    issues.push({ path: at, message: `rule "${r.name}" needs exactly one of "above" or "below"` });
    return undefined;
  }
  const comparison = r.above !== undefined ? 'above' : 'below';
  const raw = (r.above ?? r.below)!;
  const threshold = parseThreshold(r.metric, raw);
  if (threshold === undefined) {
    const hint = r.metric.startsWith('latency')
      ? 'a duration such as 800ms or 1.5s'
      : r.metric === 'certificate_days_left'
        ? 'a number of days such as 10, or a duration such as 10d'
        : 'a percentage such as 2% or a fraction such as 0.02';
    issues.push({ path: [...at, comparison], message: `invalid threshold ${JSON.stringify(raw)} for ${r.metric} (expected ${hint})` });
    return undefined;
  }
  const forMs = r.for ?? 0;
  return {
    name: r.name,
    metric: r.metric,
    comparison,
    threshold,
    forMs,
    resolveAfterMs: r.resolveAfter ?? forMs,
    severity: r.severity ?? 'warning',
    minSamples: r.minSamples ?? minSamples,
    description: r.description,
    runbook: r.runbook,
    summary: r.summary,
    ...(r.quorum !== undefined ? { quorum: r.quorum } : {}),
  };
}

/** Latency thresholds are durations (a bare number is milliseconds); certificate thresholds are days (10, or 10d); rate thresholds are fractions. */
export function parseThreshold(metric: string, raw: number | string): number | undefined {
  if (metric.startsWith('latency')) return typeof raw === 'number' ? raw : parseDuration(raw);
  if (metric === 'certificate_days_left') {
    const ms = typeof raw === 'number' ? raw * 86_400_000 : parseDuration(raw);
    return ms === undefined ? undefined : ms / 86_400_000;
  }
  return parseFraction(raw);
}

function applyOverrides(
  fleet: Rule[],
  overrides: Record<string, RuleOverride>,
  at: ConfigPath,
  minSamples: number,
  issues: ResolveIssue[],
): Rule[] {
  const names = fleet.map((r) => r.name);
  const result: Rule[] = [];
  for (const base of fleet) {
    const override = overrides[base.name];
    if (override === undefined) result.push(base);
    else if (override === 'off' || override === false) continue;
    else {
      const merged = buildRule(
        {
          ...override,
          name: base.name,
          metric: override.metric ?? base.metric,
          above: override.above ?? (override.below === undefined && base.comparison === 'above' ? base.threshold : undefined),
          below: override.below ?? (override.above === undefined && base.comparison === 'below' ? base.threshold : undefined),
          for: override.for ?? base.forMs,
          resolveAfter: override.resolveAfter ?? (override.for !== undefined ? undefined : base.resolveAfterMs),
          severity: override.severity ?? base.severity,
          minSamples: override.minSamples ?? base.minSamples,
          description: override.description ?? base.description,
          runbook: override.runbook ?? base.runbook,
          summary: override.summary ?? base.summary,
          quorum: override.quorum ?? base.quorum,
        },
        [...at, base.name],
        minSamples,
        issues,
      );
      if (merged) result.push(merged);
    }
  }
  for (const [name, override] of Object.entries(overrides)) {
    if (names.includes(name)) continue;
    if (override === 'off' || override === false || override.metric === undefined) {
      issues.push({ path: [...at, name], message: unknown('rule', name, names) });
    } else {
      const rule = buildRule({ ...override, name, metric: override.metric }, [...at, name], minSamples, issues);
      if (rule) result.push(rule);
    }
  }
  return result;
}

function unknown(kind: string, value: string, known: string[]): string {
  const list = known.length > 0 ? known.join(', ') : 'none defined';
  return `unknown ${kind} "${value}" (known: ${list})`;
}
