import { isIP } from 'node:net';
import { z } from 'zod';
import { METRICS, SEVERITIES } from '../core/rules.js';
import { duration, positiveDuration } from '../channel-schemas/duration.js';
import { CHANNEL_SCHEMAS, CHANNEL_TYPES, type ChannelConfig, type ChannelType } from '../channel-schemas/schemas.js';

/**
 * What parseFraction accepts, as a JSON Schema pattern: 0% to 100% (leading zeros and a zero fraction on
 * 100 allowed), or 0 to 1 written without a percent sign. Anything above 100% is refused here too.
 */
export const FRACTION_PATTERN = '^\\s*(0*(100(\\.0+)?|\\d{1,2}(\\.\\d+)?)%|0*1(\\.0+)?|0+(\\.\\d+)?)\\s*$';

/** A fraction 0..1 written as "2%", "99.5%" or 0.02. */
export const fraction = z
  .union([z.number().meta({ minimum: 0, maximum: 1 }), z.string().meta({ pattern: FRACTION_PATTERN })], {
    error: 'expected a percentage such as 2% or a fraction such as 0.02',
  })
  .transform((value, ctx) => {
    const parsed = parseFraction(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `invalid percentage ${JSON.stringify(value)} (use e.g. 2%, 99.5% or 0.02)` });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: 'A percentage ("2%", "99.5%") or a fraction from 0 to 1 (0.02)' });

export function parseFraction(value: number | string): number | undefined {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]) / (match[2] === '%' ? 100 : 1);
  return number >= 0 && number <= 1 ? number : undefined;
}

export const severity = z.enum(SEVERITIES);


const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'ids use letters, digits, "-", "_" and "."');

/**
 * A vantage name: a Prometheus label value that also reads plainly in a comma-separated list of vantages
 * (`vantages="codfw,eqiad"`) and in a PromQL string, so no commas, quotes or spaces.
 */
export const VANTAGE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
export const vantage = z
  .string()
  .regex(VANTAGE_PATTERN, 'a vantage name uses letters, digits, "-", "_" and "." (at most 63), such as eqiad')
  .meta({ description: 'The name of this probing process\'s vantage point (a data centre, such as eqiad): the vantage label on every exported series (default: the host name)' });
const quorum = z.int().min(1).meta({ description: 'How many vantages must see the condition before the alarm is global (default 1); seen from fewer, it is regional' });
const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

const contacts = z.strictObject({
  email: z.string().optional(),
  slack: z.string().optional(),
  phabricator: z.string().optional(),
  irc: z.string().optional(),
  chat: z.string().optional(),
  url: z.string().optional(),
  oncall: z.string().optional(),
});

const team = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  contacts: contacts.optional(),
  notify: z.array(z.string()).meta({ description: "Channels (keys of channels) for this team's alarms when no route matches" }).optional(),
  sla: z.string().optional(),
  escalation: z.array(z.string()).meta({ description: 'Escalation levels in order: who is called when the SLA escalate time passes without an acknowledgement' }).optional(),
});

const threshold = z.union([z.number(), z.string()]).meta({ description: 'Latency: a duration (800ms; a bare number is milliseconds). Rates: a percentage (2%) or a fraction (0.02)' });

const ruleFields = {
  metric: z.enum(METRICS),
  above: threshold.optional(),
  below: threshold.optional(),
  for: duration.optional(),
  resolveAfter: duration.optional(),
  severity: severity.optional(),
  minSamples: z.int().min(1).optional(),
  description: z.string().optional(),
  runbook: z.string().optional(),
  summary: z.string().optional(),
  quorum: quorum.optional(),
};

const rule = z.strictObject({ name: id, ...ruleFields });
const ruleOverride = z.union([z.literal('off'), z.literal(false), z.strictObject({ ...ruleFields, metric: ruleFields.metric.optional() })]);

const slo = z.strictObject({
  objective: fraction,
  period: duration.optional(),
  minSamples: z.int().min(1).optional(),
});

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A method in any case ("get", "Post"): JSON Schema has no case-insensitive flag, so each letter is a class. */
const ANY_CASE_METHOD = new RegExp(`^(${HTTP_METHODS.map((m) => [...m].map((c) => `[${c}${c.toLowerCase()}]`).join('')).join('|')})$`);

/** Read in any case and kept upper case; the pattern carries the "any case" into the JSON Schema too. */
const httpMethod = z
  .string({ error: 'expected an HTTP method such as GET' })
  .regex(ANY_CASE_METHOD, { error: (issue) => `invalid HTTP method ${JSON.stringify(issue.input)} (use ${HTTP_METHODS.join(', ')}, in any case)` })
  // On the input side, where zod keeps examples: editors offer them as completions.
  .meta({ description: 'The probe\'s HTTP method, in any case (default GET)', examples: [...HTTP_METHODS] })
  .transform((text) => text.toUpperCase())
  .pipe(z.enum(HTTP_METHODS));

/** A header value or a JSON string field: the exact text, or a /regex/ with optional flags. */
const textMatch = z.string().meta({ description: 'The exact text, or a regular expression written /like this/ (flags after the last slash)' });

const jsonExpectation = z
  .strictObject({
    path: z
      .string()
      .regex(/^\$/, 'a JSONPath starts with "$" (the body itself), such as $.pages[0].key')
      .meta({ description: 'A JSONPath into the parsed body, such as $.pages[0].key' }),
    equals: z.unknown().meta({ description: 'The value the first match must equal (any JSON value)' }).optional(),
    matches: z.string().meta({ description: 'A regular expression the first match (as text) must match; /with flags/ allowed' }).optional(),
    minItems: z.int().min(0).meta({ description: 'The first match must be a list with at least this many items' }).optional(),
    exists: z.boolean().meta({ description: 'true: the path must match something; false: it must match nothing' }).optional(),
  })
  .meta({ description: 'One check on the JSON body; with only a path, the path must exist' });

const api = z.strictObject({
  name: z.string().optional(),
  family: z.string().optional(),
  owner: z.string().meta({ description: 'The steward team: a key of teams, or "Unassigned"' }).optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  method: httpMethod.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  allowWrite: z.boolean().meta({ description: 'Required for POST, PUT, PATCH and DELETE probes: they change data on the target' }).optional(),
  interval: positiveDuration.optional(),
  timeout: positiveDuration.optional(),
  expect: z
    .strictObject({
      status: z.array(z.int().min(100).max(599)).optional(),
      bodyContains: z.string().optional(),
      maxLatency: duration.optional(),
      headers: z.record(z.string(), textMatch).meta({ description: 'Response headers (any case) and their values: exact, or /regex/' }).optional(),
      json: z.array(jsonExpectation).meta({ description: 'Checks on the parsed JSON body, in order; the first that fails is reported' }).optional(),
      schema: z
        .union([z.string(), z.record(z.string(), z.unknown())])
        .meta({ description: 'A JSON Schema the body must satisfy: a file path (relative to this config) or the schema inline' })
        .optional(),
      certificate: z
        .strictObject({ minValidity: positiveDuration.meta({ description: 'The least time the leaf certificate must still be valid, such as 10d' }) })
        .meta({ description: 'https only: checks on the server certificate' })
        .optional(),
    })
    .optional(),
  tls: z
    .strictObject({
      ca: z.string().meta({ description: 'A PEM file of CA certificates to trust for this API (relative to this config), such as a private CA' }).optional(),
      insecure: z.boolean().meta({ description: 'Skip certificate verification (the certificate is still read and reported)' }).optional(),
    })
    .optional(),
  rules: z.record(z.string(), ruleOverride).optional(),
  slo: z.union([slo, z.literal('off')]).optional(),
  source: z.string().optional(),
  queries: z.partialRecord(z.enum(METRICS), z.string()).optional(),
  runbook: z.string().optional(),
  dashboard: z.string().optional(),
  docs: z.string().optional(),
  dependsOn: z.array(z.string()).meta({ description: 'API ids this API depends on: while one of them has a firing alarm, this API\'s alarms are shown as suppressed and not notified' }).optional(),
});

/** Listed with an owner like an API, never probed: an Action API module, a library, a job. */
const component = z
  .strictObject({
    name: z.string().optional(),
    family: z.string().optional(),
    owner: z.string().optional(),
    description: z.string().optional(),
    docs: z.string().optional(),
  })
  .meta({ description: 'Something the ownership list names but api-health does not probe (an Action API module): a name, family, owner and docs' });

const slaClocks = z.strictObject({ triage: duration, escalate: duration, resolve: duration });

const channel = z.discriminatedUnion('type', CHANNEL_SCHEMAS, { error: `unknown channel type (known: ${CHANNEL_TYPES.join(', ')})` });

const route = z.strictObject({
  match: z
    .strictObject({
      team: stringList.optional(),
      severity: z.union([severity, z.array(severity)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
      api: stringList.optional(),
      family: stringList.optional(),
      scope: z
        .union([z.enum(['regional', 'global']), z.array(z.enum(['regional', 'global']))])
        .transform((v) => (Array.isArray(v) ? v : [v]))
        .meta({ description: 'regional: alarms fewer vantages than the rule\'s quorum see (in Alertmanager, through the exported rules); global: the rest, and every alarm of a single process' })
        .optional(),
    })
    .optional(),
  notify: z.array(z.string()),
  continue: z.boolean().meta({ description: 'Keep evaluating later routes after this one matches (first match wins otherwise)' }).optional(),
});

const maintenanceWindow = z.strictObject({
  name: z.string().min(1),
  match: z
    .strictObject({ family: stringList.optional(), team: stringList.optional(), api: stringList.optional(), rule: stringList.optional() })
    .meta({ description: 'Which alarms the window covers: every key given must match (family, team, api, rule)' }),
  every: z.string().meta({ description: 'Weekdays and a time range ("TH 19:00-20:00", "MO-FR 06:00-06:30") or an RRULE ("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=2")' }).optional(),
  timezone: z.string().meta({ description: 'The IANA time zone "every" is read in (default UTC)' }).optional(),
  start: z.string().meta({ description: 'A one-off window: its start as an ISO 8601 time with a zone (2026-12-03T14:00:00Z)' }).optional(),
  duration: positiveDuration.meta({ description: 'How long each window lasts: needed with start and with an RRULE' }).optional(),
  reason: z.string().optional(),
});

const source = z.strictObject({
  type: z.literal('prometheus'),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  interval: positiveDuration.optional(),
});

const engineUrl = (engine: string) =>
  z
    .string()
    .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), { error: (issue) => `invalid ${engine} URL ${JSON.stringify(issue.input)} (expected http:// or https://)` })
    .meta({ description: `The team's ${engine}: its base URL` });

const shared = z
  .strictObject({
    alertmanager: engineUrl('Alertmanager').optional(),
    prometheus: engineUrl('Prometheus').optional(),
    headers: z.record(z.string(), z.string()).meta({ description: 'Sent to both engines, e.g. Authorization: "Bearer ${AM_TOKEN}"' }).optional(),
    caFile: z.string().meta({ description: 'A PEM file of the CA that signed the engines\' certificates (relative to the config file)' }).optional(),
    metrics: z.enum(['apihealth', 'blackbox']).meta({ description: 'Which series --remote reads: those monitor --metrics-port exports, or blackbox_exporter\'s probe_*' }).optional(),
    poll: positiveDuration.meta({ description: 'How often --remote and shared acks and mutes read the engines (default 15s)' }).optional(),
    maxAnswerBytes: z
      .int()
      .min(1024)
      .meta({ description: 'Answers from the engines longer than this many bytes are not read (default 16777216, 16 MiB)' })
      .optional(),
  })
  .meta({ description: "The team's Prometheus and Alertmanager: shared acknowledgements and mutes, and the figures and alarms of --remote" });

const HOUR_MS = 3_600_000;

const history = z
  .union([
    z.literal('off'),
    z.strictObject({
      fine: positiveDuration
        .refine((ms) => ms >= HOUR_MS, { error: 'keep the minute rows at least 1h (e.g. 48h)' })
        .meta({ description: 'How long the one-minute rows are kept (default 48h): per-minute charts and timelines reach this far back' })
        .optional(),
      coarse: positiveDuration
        .refine((ms) => ms >= 2 * HOUR_MS, { error: 'keep the hour rows at least 2h (e.g. 400d)' })
        .meta({ description: 'How long the one-hour rows are kept (default 400d): reports reach this far back' })
        .optional(),
    }),
  ])
  .meta({
    description: 'The probe history in history.db in the state directory: one-minute and one-hour rows per API, kept this long; "off" stores none',
  });

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  defaults: z
    .strictObject({
      interval: positiveDuration.optional(),
      timeout: positiveDuration.optional(),
      window: positiveDuration.optional(),
      sparkline: positiveDuration
        .meta({ description: "The period every row's sparkline covers at any width, one cell per equal slice of it (default 15m)" })
        .optional(),
      userAgent: z.string().optional(),
      maxBodyBytes: z.int().min(0).optional(),
      concurrency: z.int().min(1).optional(),
      perHostConcurrency: z.int().min(1).optional(),
      minSamples: z.int().min(1).optional(),
      bell: z.boolean().optional(),
      vantage: vantage.optional(),
      localAddress: z
        .string()
        .refine((text) => isIP(text) !== 0, { error: (issue) => `invalid localAddress ${JSON.stringify(issue.input)} (expected an IP address of this machine, such as 127.0.0.2)` })
        .meta({ description: 'The source address probes are sent from (an IP address of this machine), so several vantages can run on one host' })
        .optional(),
      quorum: quorum.meta({ description: 'The quorum of rules that name none (default 1)' }).optional(),
      connectivity: z
        .strictObject({
          url: z.string().meta({ description: 'Probed with the APIs: when it fails with a network error, the prober itself is offline' }).optional(),
          threshold: fraction.meta({ description: 'Share of APIs (on at least 3 hosts) failing with network errors at once that means the prober is offline (default 80%)' }).optional(),
        })
        .meta({ description: 'How api-health tells its own network outage from the APIs failing' })
        .optional(),
      links: z
        .strictObject({
          runbook: z.url().meta({ description: 'The runbook for alerts whose rule and API name none' }).optional(),
          dashboard: z.url().meta({ description: 'The dashboard for alerts whose API names none' }).optional(),
        })
        .meta({ description: 'Fallback links for exported alerts (export prometheus-rules --layout operations-alerts)' })
        .optional(),
    })
    .optional(),
  teams: z.record(id, team).optional(),
  apis: z.record(id, api),
  components: z.record(id, component).optional(),
  rules: z.array(rule).optional(),
  slo: slo.optional(),
  sla: z.record(id, z.partialRecord(severity, slaClocks)).optional(),
  channels: z.record(id, channel).optional(),
  routes: z.array(route).optional(),
  notifications: z
    .strictObject({
      groupWait: duration.optional(),
      groupInterval: duration.optional(),
      repeat: duration.optional(),
      resolved: z.boolean().optional(),
    })
    .optional(),
  sources: z.record(id, source).optional(),
  maintenance: z.array(maintenanceWindow).optional(),
  shared: shared.optional(),
  history: history.optional(),
});

export type RawConfig = z.output<typeof configSchema>;
export type RawApi = z.output<typeof api>;
export type RawRule = z.output<typeof rule>;
export type RuleOverride = z.output<typeof ruleOverride>;
export type { ChannelConfig, ChannelType };
export type RouteConfig = z.output<typeof route>;
export type SloConfig = z.output<typeof slo>;
export type SlaClocks = z.output<typeof slaClocks>;
export type Contacts = z.output<typeof contacts>;
export type SourceConfig = z.output<typeof source>;
export type RawMaintenanceWindow = z.output<typeof maintenanceWindow>;
export type RawShared = z.output<typeof shared>;
