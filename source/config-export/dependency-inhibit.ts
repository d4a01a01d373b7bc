import type { ApiConfig } from '../config/types.js';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `dependsOn` as Alertmanager inhibit rules: while an alert of an API fires, the alerts of the APIs that
 * depend on it are inhibited, as api-health suppresses them. One rule per API depended on.
 */
export function dependencyInhibitRules(apis: readonly ApiConfig[]): object[] {
  const dependants = new Map<string, string[]>();
  for (const api of apis) for (const parent of api.dependsOn) dependants.set(parent, [...(dependants.get(parent) ?? []), api.id]);
  return [...dependants].map(([parent, children]) => ({
    source_matchers: [`api=${JSON.stringify(parent)}`],
    target_matchers: [children.length === 1 ? `api=${JSON.stringify(children[0])}` : `api=~${JSON.stringify(children.map(escapeRegex).join('|'))}`],
  }));
}
