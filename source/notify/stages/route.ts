import type { AlarmEvent } from '../../core/alarm.js';
import type { Config } from '../../config/types.js';
import { alertSummary } from '../../alerts/alert-summary.js';
import { SLO_RESOLVE_AFTER_MS } from '../../alerts/burn-rate.js';
import { configRedactor, redactValue } from '../../text/redact.js';
import type { MessageItem } from '../message.js';
import { route, type RouteDecision } from '../routing.js';
import { quorumOf } from '../../config/vantage.js';
import { slaText } from '../sla-text.js';
import type { Clock } from '../../core/clock.js';
import type { Stage } from './stage.js';

export interface RoutedItem {
  channel: string;
  item: MessageItem;
}

/** "routes[0]+routes[2]" or "team mwi": which part of the config sent an alarm where. */
export function routeLabel(decision: RouteDecision, team: string | undefined): string {
  if (decision.matched.length > 0) return decision.matched.map((i) => `routes[${i}]`).join('+');
  return team ? `team ${team}` : 'no route';
}

/**
 * An event as channels render it: the alarm plus its API's name and links, its team's name and its SLA clock.
 * It leaves the program (receivers, the outbox), so ${VAR} values in the links (an API key in the probe URL) are redacted.
 */
export function toMessageItem(event: AlarmEvent, config: Pick<Config, 'apis' | 'teams' | 'sla' | 'secrets'>, routeText: string, now: number): MessageItem {
  const api = config.apis.find((a) => a.id === event.alarm.apiId);
  const team = config.teams.find((t) => t.id === event.alarm.team);
  const apiName = api?.name ?? event.alarm.apiId;
  const { alarm } = event;
  const rule = api?.rules.find((r) => r.name === alarm.rule);
  return redactValue<MessageItem>({
    ...event,
    apiName,
    teamName: team?.name,
    family: api?.family,
    resolveAfterMs: alarm.metric === 'slo_burn_rate' ? SLO_RESOLVE_AFTER_MS : rule?.resolveAfterMs,
    alertSummary: alertSummary(apiName, { name: alarm.rule, metric: alarm.metric, comparison: alarm.comparison, threshold: alarm.threshold, summary: rule?.summary }),
    url: api?.dashboard ?? api?.docs ?? api?.url,
    runbook: api?.runbook,
    dashboard: api?.dashboard,
    sla: slaText(event.alarm, config, now),
    route: routeText,
  }, configRedactor(config));
}

/** One routed item per channel the routes (or the team's own list) name for the event's alarm. */
export function routeEvents(events: readonly AlarmEvent[], config: Config, now: number): RoutedItem[] {
  return events.flatMap((event) => {
    const { alarm } = event;
    const api = config.apis.find((a) => a.id === alarm.apiId);
    const family = api?.family ?? 'Other';
    // One process is one vantage: what a rule needs several of to agree on is, seen from here alone, regional.
    const rule = api?.rules.find((r) => r.name === alarm.rule);
    const scope = rule && quorumOf(rule, config.defaults) > 1 ? ('regional' as const) : undefined;
    const decision = route(config, { team: alarm.team, severity: alarm.severity, apiId: alarm.apiId, family, scope });
    const item = toMessageItem(event, config, routeLabel(decision, alarm.team), now);
    return decision.channels.filter((channel) => channel in config.channels).map((channel) => ({ channel, item }));
  });
}

/** Fans each event out to its channels, one routed item per channel, handed on together: the grouper journals them in one write. */
export function routing(config: Config, clock: Clock): Stage<readonly AlarmEvent[], readonly RoutedItem[]> {
  return {
    name: 'route',
    run(events, next) {
      const routed = routeEvents(events, config, clock.now());
      if (routed.length > 0) next(routed);
    },
  };
}
