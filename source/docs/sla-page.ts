import { formatDuration } from '../config/duration.js';
import { SEVERITIES } from '../config/schema.js';
import type { Config, Severity } from '../config/types.js';
import type { Block } from './markup.js';
import type { Page } from './page.js';

/** Wikimedia triages in Phabricator; each severity maps onto one of its priorities. */
const PRIORITY: Record<Severity, string> = { page: 'Unbreak Now!', critical: 'High', warning: 'Medium', info: 'Low' };

export function slaPage(config: Config): Page {
  const policies = Object.entries(config.sla).sort(([a], [b]) => a.localeCompare(b));
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Service level agreement' },
    {
      kind: 'list',
      items: [
        [{ bold: 'Triage' }, ': time to acknowledge a firing alarm.'],
        [{ bold: 'Escalate' }, ': when the next escalation level is called if nobody has acknowledged it.'],
        [{ bold: 'Resolve' }, ': time from firing to resolution.'],
      ],
    },
  ];
  for (const [name, policy] of policies) {
    const teams = config.teams.filter((t) => t.sla === name).map((t) => t.name);
    blocks.push(
      { kind: 'heading', level: 2, text: `Policy "${name}"` },
      { kind: 'paragraph', content: [teams.length > 0 ? `Applies to: ${teams.join(', ')}.` : 'No team uses this policy.'] },
      {
        kind: 'table',
        header: ['Severity', 'Phabricator priority', 'Triage', 'Escalate', 'Resolve'],
        rows: [...SEVERITIES].reverse().flatMap((severity) => {
          const clocks = policy[severity];
          return clocks
            ? [[[severity], [PRIORITY[severity]], [formatDuration(clocks.triage)], [formatDuration(clocks.escalate)], [formatDuration(clocks.resolve)]]]
            : [];
        }),
      },
    );
  }
  blocks.push(
    { kind: 'heading', level: 2, text: 'Escalation per team' },
    {
      kind: 'table',
      header: ['Team', 'Policy', 'Escalation levels'],
      rows: config.teams.map((team) => [
        [team.name],
        [team.sla],
        [team.escalation.map((level, i) => `${i + 1}. ${level}`).join('; ') || 'none configured'],
      ]),
    },
  );
  return { name: 'sla', title: 'Service level agreement', blocks };
}
