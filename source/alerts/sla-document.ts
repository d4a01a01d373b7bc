import { formatDuration } from '../config/duration.js';
import type { Config, SlaClocks } from '../config/types.js';
import { PHABRICATOR_PRIORITY, SEVERITY_ORDER } from './severity.js';

export const SLA_FORMATS = ['markdown', 'wikitext'] as const;
export type SlaFormat = (typeof SLA_FORMATS)[number];

const INTRO =
  'Clocks start when an alarm fires. Triage: time to acknowledge. Escalate: while an alarm is unacknowledged, ' +
  'the next escalation level is called each time this passes. Resolve: time to resolution.';
const POLICY_HEADER = ['Severity', 'Phabricator priority', 'Triage', 'Escalate', 'Resolve'];
const TEAM_HEADER = ['Team', 'Name', 'SLA policy', 'Escalation levels'];
const NONE = '—';

interface Table {
  header: string[];
  /** Cells are plain text: each format escapes them. */
  rows: string[][];
}

interface Section {
  title: string;
  table: Table;
}

/** The SLA policies and each team's policy and escalation, as a document to publish on a wiki or in a repo. */
export function renderSlaDocument(config: Pick<Config, 'sla' | 'teams'>, format: SlaFormat): string {
  const sections: Section[] = [
    ...Object.entries(config.sla).map(([name, policy]) => ({
      title: `Policy: ${name}`,
      table: {
        header: POLICY_HEADER,
        rows: SEVERITY_ORDER.map((severity) => [severity, PHABRICATOR_PRIORITY[severity], ...clockCells(policy[severity])]),
      },
    })),
    {
      title: 'Teams',
      table: {
        header: TEAM_HEADER,
        rows: config.teams.map((team) => [
          team.id,
          team.name,
          team.sla,
          team.escalation.length === 0 ? NONE : team.escalation.map((name, i) => `${i + 1}. ${name}`).join('; '),
        ]),
      },
    },
  ];
  return format === 'markdown' ? markdown(sections) : wikitext(sections);
}

function clockCells(clocks: SlaClocks | undefined): string[] {
  return clocks ? [formatDuration(clocks.triage), formatDuration(clocks.escalate), formatDuration(clocks.resolve)] : [NONE, NONE, NONE];
}

function markdown(sections: Section[]): string {
  const cell = (text: string): string => oneLine(text).replace(/[\\|*_`[\]<>#~]/g, (c) => `\\${c}`);
  const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const parts = ['# SLA policies', '', INTRO];
  for (const { title, table } of sections) {
    parts.push('', `## ${cell(title)}`, '');
    if (table.rows.length === 0) {
      parts.push('None defined.');
      continue;
    }
    parts.push(row(table.header), `|${table.header.map(() => ' --- ').join('|')}|`, ...table.rows.map(row));
  }
  return `${parts.join('\n')}\n`;
}

const WIKI_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
  '{': '&#123;',
  '}': '&#125;',
  "'": '&#39;',
  '~': '&#126;',
  '_': '&#95;',
  '=': '&#61;',
};

/** Escapes text for a wikitext table cell: no table syntax, links, templates, bold, signatures or magic words get through. */
export function escapeWikitext(text: string): string {
  return oneLine(text).replace(/[&<>|[\]{}'~_=]/g, (c) => WIKI_ENTITIES[c]!);
}

function wikitext(sections: Section[]): string {
  const parts = ['== SLA policies ==', INTRO.replace(/(Triage|Escalate|Resolve):/g, "'''$1''':")];
  for (const { title, table } of sections) {
    parts.push('', `=== ${escapeWikitext(title)} ===`);
    if (table.rows.length === 0) {
      parts.push('None defined.');
      continue;
    }
    parts.push('{| class="wikitable sortable"', `! ${table.header.join(' !! ')}`);
    for (const cells of table.rows) parts.push('|-', `| ${cells.map(escapeWikitext).join(' || ')}`);
    parts.push('|}');
  }
  return `${parts.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
