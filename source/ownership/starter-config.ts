import type { OpenApiProposal } from './openapi-probes.js';

/** JSON strings are valid YAML double-quoted scalars: no value can break the document. */
const q = (text: string): string => JSON.stringify(text);

const HEAD = `# api-health configuration: the APIs to watch, who owns them, and where their alarms go.
# Editors complete and check this file with the shipped JSON Schema:
# yaml-language-server: $schema=./node_modules/api-health/schema/api-health.schema.json
# Check it with: api-health validate --config api-health.yaml

defaults:
  interval: 1m          # probe each API once a minute; stay polite to other people's servers
  timeout: 5s
  window: 5m            # rolling window for percentiles and rates
  # Say who you are: operators of the APIs you probe need a way to reach you.
  userAgent: "api-health/0.1 (https://example.org/ops; ops@example.org)"
  perHostConcurrency: 1 # one request at a time per host

teams:
  my-team:
    name: My Team
    contacts: { email: my-team@example.org, phabricator: My-Team, chat: "#my-team" }
    notify: [desk]       # channels for this team's alarms when no route matches
    sla: standard        # built in: page 5m/15m/4h, critical 15m/1h/1d, warning 4h/1d/7d

channels:
  desk: { type: terminal }   # bell and desktop notification while the dashboard runs
  # team-mail:
  #   type: email
  #   to: [my-team@example.org]
  #   from: api-health@example.org
  #   smtp: { host: smtp.example.org, port: 587, user: api-health, pass: "\${SMTP_PASS}" }

rules:
  - name: HighLatency
    metric: latency_p95
    above: 1s
    for: 5m
    severity: warning
    description: Slow for five minutes; users notice before anything fails.
  - name: High5xx
    metric: error_rate_5xx
    above: 4%
    for: 10m
    severity: critical
    description: Server errors well above background noise.
`;

const STARTER_APIS = `
apis:
  example-health:
    name: Example health check
    family: Example
    owner: my-team
    url: https://example.org/
    expect: { status: [200] }
`;

export function starterConfig(): string {
  return HEAD + STARTER_APIS;
}

/** A starter config whose APIs are the probes proposed from an OpenAPI document. */
export function configFromOpenApi(proposal: OpenApiProposal, source: string): string {
  const lines = [
    '',
    `# Proposed from ${source}: x-amples examples and GET routes of "${proposal.family.replace(/[\r\n]/g, ' ')}" against ${proposal.baseUrl}.`,
    '# Routes with path parameters are commented out: fill in the {placeholders}, then uncomment them.',
  ];
  if (proposal.skipped.length > 0) {
    lines.push('# Left out (they need a query or header parameter):');
    for (const skipped of proposal.skipped) lines.push(`#   ${skipped.replace(/[\r\n]/g, ' ')}`);
  }
  if (proposal.unrunnable.length > 0) {
    lines.push('# Left out (patterns RE2 cannot run, so the config would refuse them):');
    for (const pattern of proposal.unrunnable) lines.push(`#   ${pattern.replace(/[\r\n]/g, ' ')}`);
  }
  if (proposal.escaped.length > 0) {
    lines.push('# Escaped: $${ is a literal ${, so nothing from the document reads the environment:');
    for (const escaped of proposal.escaped) lines.push(`#   ${escaped.replace(/[\r\n]/g, ' ')}`);
  }
  const active = proposal.probes.filter((p) => p.placeholders.length === 0);
  lines.push(active.length > 0 ? 'apis:' : 'apis: {}  # no GET route without parameters; see the proposals below');
  for (const probe of proposal.probes) {
    const prefix = probe.placeholders.length > 0 ? '  # ' : '  ';
    if (probe.placeholders.length > 0) lines.push(`  # fill in: ${probe.placeholders.map((p) => `{${p}}`).join(', ')}`);
    lines.push(
      `${prefix}${probe.id}:`,
      `${prefix}  name: ${q(probe.name)}`,
      `${prefix}  family: ${q(proposal.family)}`,
      `${prefix}  owner: my-team`,
      `${prefix}  url: ${q(probe.url)}`,
      // JSON is YAML's flow style: remote text quoted this way cannot break out of its value.
      ...(probe.headers && Object.keys(probe.headers).length > 0 ? [`${prefix}  headers: ${JSON.stringify(probe.headers)}`] : []),
      ...(probe.expect ? [`${prefix}  expect: ${JSON.stringify(probe.expect)}`] : []),
    );
  }
  return `${HEAD}${lines.join('\n')}\n`;
}
