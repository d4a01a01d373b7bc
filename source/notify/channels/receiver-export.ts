/**
 * `<SLACK_PAY_URL>`: what the deployer replaces with the secret, which never leaves api-health. Named after the
 * ${VAR} the value came from, which is what the deployer has; after the channel and field when none did.
 */
export function placeholder(channel: string, field: string, value?: string, variables: Readonly<Record<string, string>> = {}): string {
  const variable = value === undefined ? undefined : Object.entries(variables).sort(([, a], [, b]) => b.length - a.length).find(([, v]) => value.includes(v))?.[0];
  return `<${variable ?? `${channel}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}>`;
}

/** Alertmanager 0.25 parses URL fields as URLs, so a secret URL's placeholder is written as one. */
export function urlPlaceholder(channel: string, field: string, value?: string, variables?: Readonly<Record<string, string>>): string {
  return `https://${placeholder(channel, field, value, variables)}`;
}

export function anySecret(value: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => s !== '' && value.includes(s));
}

/**
 * A notification's one-line title in Alertmanager's template language, for a group of any size: one alert reads
 * "[CRITICAL] Search API: 5xx rate above 2%"; more read "[FIRING] team search: 3 alerts (2 firing, 1 resolved)".
 * Never empty: CommonAnnotations is, as soon as a group holds two alerts with different summaries.
 */
export const GROUP_TITLE =
  '{{ if eq (len .Alerts) 1 }}{{ with index .Alerts 0 }}[{{ .Labels.severity | toUpper }}{{ if eq .Status "resolved" }}, RESOLVED{{ end }}] {{ .Annotations.summary }}{{ end }}' +
  '{{ else }}[{{ .Status | toUpper }}] team {{ .GroupLabels.team }}: {{ len .Alerts }} alerts ({{ len .Alerts.Firing }} firing, {{ len .Alerts.Resolved }} resolved){{ end }}';

/** Every alert of the group, one paragraph each: severity and summary, description, runbook when there is one. */
export const ALERT_LIST =
  '{{ range .Alerts }}[{{ .Labels.severity | toUpper }}{{ if eq .Status "resolved" }}, RESOLVED{{ end }}] {{ .Annotations.summary }}\n' +
  '{{ .Annotations.description }}\n{{ if .Annotations.runbook }}Runbook: {{ .Annotations.runbook }}\n{{ end }}{{ end }}';
