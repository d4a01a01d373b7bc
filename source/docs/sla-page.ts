import { PHABRICATOR_PRIORITY, SEVERITY_ORDER } from '../alerts/severity.js';
import { formatDuration } from '../core/duration.js';
import type { Config, SlaClocks, Team } from '../config/types.js';
import type { Block, Inline } from '../text/markup.js';
import { page, type Page } from './page.js';

/** Said in the table rather than left out, so a reader sees a severity has no SLA instead of guessing. */
const NO_CLOCK = '—';

function clockCells(clocks: SlaClocks | undefined): Inline[][] {
  if (!clocks) return [[NO_CLOCK], [NO_CLOCK], [NO_CLOCK]];
  return [[formatDuration(clocks.triage)], [formatDuration(clocks.escalate)], [formatDuration(clocks.resolve)]];
}

/** "1. mwi on-call; 2. MWI manager": who is called at each level. */
export function escalationText(team: Pick<Team, 'escalation'>): string {
  return team.escalation.map((level, i) => `${i + 1}. ${level}`).join('; ') || 'none configured';
}

function policyBlocks(config: Pick<Config, 'sla' | 'teams'>, name: string): Block[] {
  const policy = config.sla[name]!;
  const teams = config.teams.filter((t) => t.sla === name).map((t) => t.name);
  return [
    { kind: 'heading', level: 2, text: `Policy "${name}"` },
    { kind: 'paragraph', content: [teams.length > 0 ? `Applies to: ${teams.join(', ')}.` : 'No team uses this policy.'] },
    {
      kind: 'table',
      header: ['Severity', 'Phabricator priority', 'Triage', 'Escalate', 'Resolve'],
      rows: SEVERITY_ORDER.map((severity) => [[severity], [PHABRICATOR_PRIORITY[severity]], ...clockCells(policy[severity])]),
    },
  ];
}

/** The SLA policies and each team's policy and escalation: a page of `docs`, and what `sla` prints. */
export function slaPage(config: Pick<Config, 'sla' | 'teams'>): Page {
  const names = Object.keys(config.sla).sort((a, b) => a.localeCompare(b));
  return page('sla', 'Service level agreement', ['Clocks start when an alarm fires; each team follows one policy.'], [
    {
      kind: 'list',
      items: [
        [{ bold: 'Triage' }, ': time to acknowledge a firing alarm.'],
        [{ bold: 'Escalate' }, ': while nobody has acknowledged the alarm, the next escalation level is called each time this passes; past the last level, the last stays responsible.'],
        [{ bold: 'Resolve' }, ': time from firing to resolution.'],
        [{ bold: NO_CLOCK }, ': the policy sets no clocks for that severity; its alarms have no SLA.'],
      ],
    },
    ...names.flatMap((name) => policyBlocks(config, name)),
    { kind: 'heading', level: 2, text: 'Escalation per team' },
    {
      kind: 'table',
      header: ['Team', 'Id', 'Policy', 'Escalation levels'],
      rows: config.teams.map((team) => [
        [team.name],
        [{ code: team.id }],
        [team.sla],
        [escalationText(team)],
      ]),
    },
  ]);
}
