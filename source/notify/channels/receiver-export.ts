/** `<MWI_SLACK_URL>`: what the deployer replaces with the secret, which never leaves api-health. */
export function placeholder(channel: string, field: string): string {
  return `<${`${channel}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}>`;
}

/** Alertmanager 0.25 parses URL fields as URLs, so a secret URL's placeholder is written as one. */
export function urlPlaceholder(channel: string, field: string): string {
  return `https://${placeholder(channel, field)}`;
}

export function anySecret(value: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => s !== '' && value.includes(s));
}
