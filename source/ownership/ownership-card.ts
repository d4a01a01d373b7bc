import { SEVERITY_ORDER } from '../alerts/severity.js';
import { formatDuration } from '../core/duration.js';
import type { ApiConfig, Config } from '../config/types.js';
import { route } from '../notify/routing.js';
import { configRedactor } from '../text/redact.js';
import { UNASSIGNED } from '../core/labels.js';

export type CardRole = 'title' | 'dim' | 'group' | 'unassigned' | 'accent';
export type CardPaint = (role: CardRole, text: string) => string;

/** Who answers for one API and how an alarm reaches them: the lines of the TUI's ownership card, ${VAR} values redacted. */
export function ownershipCardLines(config: Config, api: ApiConfig, paint: CardPaint): string[] {
  const team = config.teams.find((t) => t.id === api.owner);
  const label = (text: string): string => paint('dim', text.padEnd(14));
  const lines = [`${paint('title', api.name)}  ${paint('dim', `${api.id} · ${api.family}`)}`];
  if (!team) {
    lines.push(`${label('steward')}${paint('unassigned', `${UNASSIGNED.name}: nobody owns this API`)}`);
  } else {
    lines.push(`${label('steward')}${paint('group', `${team.name} (${team.id})`)}`);
    const contacts = Object.entries(team.contacts).filter(([, value]) => value);
    if (contacts.length === 0) lines.push(`${label('contacts')}${paint('unassigned', 'none')}`);
    contacts.forEach(([kind, value], index) => lines.push(`${label(index === 0 ? 'contacts' : '')}${kind}: ${value}`));
  }
  for (const [name, value] of [['runbook', api.runbook], ['dashboard', api.dashboard], ['docs', api.docs]] as const) {
    if (value) lines.push(`${label(name)}${value}`);
  }

  lines.push('', paint('title', team ? `SLA policy "${team.sla}"` : 'SLA policy: none (no team)'));
  const policy = team ? config.sla[team.sla] : undefined;
  for (const severity of SEVERITY_ORDER) {
    const clocks = policy?.[severity];
    if (clocks) {
      lines.push(
        `  ${paint('accent', severity.padEnd(9))}triage ${formatDuration(clocks.triage)}, escalate ${formatDuration(clocks.escalate)}, resolve ${formatDuration(clocks.resolve)}`,
      );
    }
  }

  lines.push('', paint('title', 'Alarms route to'));
  for (const severity of SEVERITY_ORDER) {
    const decision = route(config, { team: api.owner, severity, apiId: api.id, family: api.family });
    const channels = decision.channels.map((id) => `${id} (${config.channels[id]?.type ?? '?'})`).join(', ');
    const how = decision.fallback ? "team's notify list" : `route ${decision.matched.join(', ')}`;
    lines.push(`  ${paint('accent', severity.padEnd(9))}${channels === '' ? paint('unassigned', 'nowhere') : channels}  ${paint('dim', `(${how})`)}`);
  }

  lines.push('', paint('title', 'Escalation'));
  const levels = team?.escalation ?? [];
  if (levels.length === 0) lines.push(`  ${paint('dim', 'no escalation levels configured')}`);
  levels.forEach((level, index) => lines.push(`  ${index + 1}. ${level}`));
  return lines.map(configRedactor(config));
}
