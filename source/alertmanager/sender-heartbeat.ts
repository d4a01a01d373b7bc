import { createHash } from 'node:crypto';
import type { Config } from '../config/types.js';
import type { RemoteAlert } from './remote-alarms.js';

/** The alert a `monitor` keeps alive in Alertmanager, so a dashboard that sends too can tell. It has no team: no route delivers it. */
export const HEARTBEAT_ALERTNAME = 'ApiHealthSender';

/** The same fleet whatever the file is called on each machine: its team and API ids. */
export function fleetId(config: Pick<Config, 'apis' | 'teams'>): string {
  const ids = [...config.teams.map((t) => `team:${t.id}`), ...config.apis.map((a) => `api:${a.id}`)].sort();
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
}

export function heartbeatAlert(fleet: string, sender: string, now: number, ttlMs: number): { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string } {
  return {
    labels: { alertname: HEARTBEAT_ALERTNAME, fleet, sender },
    annotations: { summary: `${sender} sends api-health's notifications for this fleet` },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + ttlMs).toISOString(),
  };
}

/** The other processes that say they send for this fleet. */
export function otherSenders(alerts: readonly RemoteAlert[], fleet: string, sender: string): string[] {
  return alerts.filter((a) => a.labels.alertname === HEARTBEAT_ALERTNAME && a.labels.fleet === fleet && a.labels.sender !== sender).map((a) => a.labels.sender ?? '?');
}
