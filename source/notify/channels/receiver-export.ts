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
