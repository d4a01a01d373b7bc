import type { Alarm } from '../core/alarm.js';
import type { Config } from '../config/types.js';
import type { Message } from './message.js';

/** What `api-health notify test CHANNEL` sends: an info-level message that says it is a test. */
export function testMessage(channel: string, config: Pick<Config, 'teams'>, now: number): Message {
  const team = config.teams.find((t) => t.notify.includes(channel));
  const alarm: Alarm = {
    id: 'api-health/NotificationTest',
    apiId: 'api-health',
    team: team?.id,
    rule: 'NotificationTest',
    metric: 'availability',
    severity: 'info',
    state: 'firing',
    comparison: 'below',
    value: 0.95,
    threshold: 0.99,
    since: now,
    startedAt: now,
    firingAt: now,
    transitions: [],
    flapping: false,
    escalationLevel: 0,
    summary: `Test notification from api-health to channel "${channel}": no action needed`,
  };
  return {
    id: `test-${now}`,
    channel,
    groupKey: `${channel}/${team?.id ?? ''}`,
    team: team?.id,
    teamName: team?.name,
    createdAt: now,
    items: [{ kind: 'test', at: now, alarm, apiName: 'api-health', teamName: team?.name, route: 'notify test' }],
  };
}
