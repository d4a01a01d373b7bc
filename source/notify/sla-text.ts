import type { Alarm } from '../core/alarm.js';
import type { Config } from '../config/types.js';

export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/**
 * The clock that matters now: triage (time to acknowledge) until acknowledged, then resolution.
 * Undefined when the alarm is not firing or its team's policy has no clocks for its severity.
 */
export function slaText(alarm: Alarm, config: Pick<Config, 'sla' | 'teams'>, now: number): string | undefined {
  if (alarm.state !== 'firing' || alarm.firingAt === undefined) return undefined;
  const policy = config.teams.find((t) => t.id === alarm.team)?.sla ?? 'standard';
  const clocks = config.sla[policy]?.[alarm.severity];
  if (!clocks) return undefined;
  const [phase, limit] = alarm.ack ? (['resolve', clocks.resolve] as const) : (['triage', clocks.triage] as const);
  const left = alarm.firingAt + limit - now;
  return left >= 0 ? `${phase} due in ${formatSpan(left)}` : `SLA BREACH: ${phase} overdue ${formatSpan(-left)}`;
}
