/** A fleet with every kind of rule, a per-API override, an `off`, an SLO, an unowned API and one read from Prometheus. */
export const RULES_CONFIG = `
defaults: { window: 5m }
teams:
  mwi: { name: MediaWiki Interfaces }
rules:
  - { name: HighLatency, metric: latency_p95, above: 800ms, for: 2m, severity: warning, runbook: "https://wikitech.example.org/HighLatency" }
  - { name: High5xx, metric: error_rate_5xx, above: 2%, for: 1m, severity: critical }
  - { name: LowAvailability, metric: availability, below: 99%, for: 5m, severity: page }
  - { name: Errors, metric: error_rate, above: 10%, severity: info }
sources:
  prod: { type: prometheus, url: "http://prometheus.example.org" }
apis:
  mw-rest-page:
    name: MediaWiki REST - page
    family: MediaWiki REST
    owner: mwi
    url: https://en.wikipedia.org/w/rest.php/v1/page/Earth/bare
    dashboard: https://grafana.example.org/d/mw-rest
    slo: { objective: 99.5% }
    rules: { HighLatency: { above: 1500ms }, Errors: off }
  orphan: { url: "http://127.0.0.1:9/orphan" }
  aqs:
    owner: mwi
    source: prod
    queries:
      latency_p95: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="aqs"}[5m])))'
`;

export const ROUTING_CONFIG = `
teams:
  mwi: { name: MediaWiki Interfaces, notify: [mwi-slack, mwi-mail] }
  ctt: { name: Content Transform, notify: [ctt-hook] }
  quiet: { name: Quiet team }
channels:
  mwi-slack: { type: slack, url: "\${SLACK_MWI_WEBHOOK}" }
  mwi-mail:  { type: email, to: [mwi@example.org], from: api-health@example.org, smtp: { host: smtp.example.org, port: 587, secure: false, user: x, pass: "\${SMTP_PASS}" } }
  oncall:    { type: pagerduty, routingKey: "\${PD_ROUTING_KEY}" }
  am:        { type: alertmanager, url: "http://127.0.0.1:9093" }
  ctt-hook:  { type: webhook, url: "https://example.org/hook", headers: { Authorization: "Bearer \${HOOK_TOKEN}" } }
  msteams:   { type: teams, url: "\${TEAMS_WORKFLOW_URL}" }
routes:
  - match: { severity: [page] }
    notify: [oncall]
    continue: true
  - match: { team: mwi, severity: [critical, warning] }
    notify: [mwi-slack]
  - match: { family: [MediaWiki REST], severity: critical }
    notify: [mwi-mail, msteams]
  - match: { api: [orphan] }
    notify: [ctt-hook]
notifications: { groupWait: 45s, groupInterval: 2m, repeat: 3h }
apis:
  mw-rest-page: { family: MediaWiki REST, owner: mwi, url: "https://en.wikipedia.org/w/rest.php/v1/page/Earth/bare" }
  orphan: { url: "http://127.0.0.1:9/orphan" }
`;

export const SECRETS = {
  SLACK_MWI_WEBHOOK: 'https://hooks.slack.com/services/T000/B000/sekritslack',
  SMTP_PASS: 'sekrit-smtp-pass',
  PD_ROUTING_KEY: 'sekritpagerdutyroutingkey0123456',
  HOOK_TOKEN: 'sekrit-hook-token',
  TEAMS_WORKFLOW_URL: 'https://prod.example.logic.azure.com/workflows/sekritteams',
};

/** Issue 17's reproduction: critical and page alerts are handed to Alertmanager, and each team has its own channels. */
export const AM_CHANNEL_CONFIG = `
teams:
  search: { name: Search Platform, notify: [search-hook] }
  mwi: { name: MediaWiki Interfaces, notify: [am, mwi-slack] }
channels:
  am: { type: alertmanager, url: "http://127.0.0.1:9093" }
  search-hook: { type: webhook, url: "https://example.org/search-hook" }
  mwi-slack: { type: slack, url: "\${SLACK_MWI_WEBHOOK}" }
  oncall: { type: pagerduty, routingKey: "\${PD_ROUTING_KEY}" }
routes:
  - match: { severity: [page, critical] }
    notify: [am]
    continue: true
  - match: { severity: [page] }
    notify: [am, oncall]
apis:
  search: { family: Search, owner: search, url: "https://example.org/search" }
  page: { family: MediaWiki REST, owner: mwi, url: "https://example.org/page" }
`;
