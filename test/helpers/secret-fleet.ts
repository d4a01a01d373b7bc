import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';

/** An API key from the environment: it must never leave the program. */
export const SECRET = 'SEKRETAPIKEY';
export const SECRET_ENV: NodeJS.ProcessEnv = { APIKEY: SECRET };

/**
 * Two APIs probing the same URL with the key in its query and in a header, the way users write keyed
 * probes; the runbook link carries it too. `extra` appends YAML (channels, routes).
 */
export function secretFleetYaml(baseUrl = 'https://api.example.org', extra = ''): string {
  return `defaults: { userAgent: "api-health-test/1 (ops@example.org)" }
teams:
  mwi: { name: MediaWiki Interfaces, contacts: { email: mwi@example.org } }
apis:
  keyed:
    name: Keyed API
    owner: mwi
    url: "${baseUrl}/v1/search?key=\${APIKEY}"
    headers: { X-Api-Key: "\${APIKEY}" }
    runbook: "https://wikitech.example.org/Keyed?token=\${APIKEY}"
  twin: { name: Twin API, url: "${baseUrl}/v1/search?key=\${APIKEY}" }
${extra}`;
}

export function secretFleet(baseUrl?: string, extra?: string): Config {
  return parseConfigText(secretFleetYaml(baseUrl, extra), 'secret.yaml', SECRET_ENV);
}
