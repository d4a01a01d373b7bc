import type { MaintenanceMatch } from '../config/types.js';
import type { Matcher, SilenceRequest } from './silence-model.js';

/** Regular-expression metacharacters, escaped so an id is matched as written. */
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A maintenance window's match as Alertmanager matchers on our alarm labels: one value equal, several a regex. */
export function maintenanceMatchers(match: MaintenanceMatch): Matcher[] {
  const labels: [keyof MaintenanceMatch, string][] = [['api', 'api'], ['team', 'team'], ['family', 'family'], ['rule', 'alertname']];
  return labels.flatMap(([key, name]): Matcher[] => {
    const values = match[key];
    if (!values || values.length === 0) return [];
    if (values.length === 1) return [{ name, value: values[0]!, isRegex: false, isEqual: true }];
    return [{ name, value: values.map(escapeRegex).join('|'), isRegex: true, isEqual: true }];
  });
}

/** The silence that lets the team's other engines (and Alertmanager's own routes) agree with a window. */
export function silenceForMaintenance(window: { name: string; match: MaintenanceMatch; start: number; durationMs: number; by: string }): SilenceRequest {
  return {
    matchers: maintenanceMatchers(window.match),
    startsAt: window.start,
    endsAt: window.start + window.durationMs,
    createdBy: window.by,
    comment: `Maintenance from api-health: ${window.name}`,
  };
}
