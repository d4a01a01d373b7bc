import type { Alarm, AlarmEvent, AlarmEventKind } from '../../source/core/alarm.js';
import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import type { Message } from '../../source/notify/message.js';
import { toMessageItem } from '../../source/notify/stages/route.js';

export const T0 = Date.UTC(2026, 10, 3, 9, 0, 0);

export function alarm(overrides: Partial<Alarm> = {}): Alarm {
  const apiId = overrides.apiId ?? 'search';
  const rule = overrides.rule ?? 'High5xx';
  return {
    id: `${apiId}/${rule}`,
    apiId,
    team: 'mwi',
    rule,
    metric: 'error_rate_5xx',
    severity: 'critical',
    state: 'firing',
    comparison: 'above',
    value: 0.041,
    threshold: 0.02,
    since: T0,
    startedAt: T0 - 60_000,
    firingAt: T0,
    transitions: [],
    flapping: false,
    escalationLevel: 0,
    summary: '5xx rate 4.1% above 2%',
    ...overrides,
  };
}

export function event(kind: AlarmEventKind, a: Alarm = alarm(), extra: Partial<AlarmEvent> = {}): AlarmEvent {
  return { kind, at: a.since, alarm: a, ...extra };
}

/** A config through the real loader, so channel keys are exactly what users write. */
export function config(yaml: string, env: NodeJS.ProcessEnv = {}): Config {
  const base = `
teams:
  mwi: { name: MediaWiki Interfaces, notify: [] }
  search: { name: Search Platform, notify: [] }
apis:
  search: { name: Search API, url: "https://api.example.org/search", owner: mwi, dashboard: "https://grafana.example.org/d/search", runbook: "https://wikitech.example.org/Search" }
  other: { name: Other API, url: "https://api.example.org/other", owner: search }
`;
  return parseConfigText(`${base}${yaml}`, 'test.yaml', env);
}

/** A message as the pipeline would build it for one channel, through the real routing stage. */
export function message(cfg: Config, channel: string, events: AlarmEvent[], now = T0): Message {
  const items = events.map((e) => toMessageItem(e, cfg, 'routes[0]', now));
  return { id: 'm-1', channel, groupKey: `${channel}/${items[0]?.alarm.team ?? ''}`, team: items[0]?.alarm.team, createdAt: now, items };
}
