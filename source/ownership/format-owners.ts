import { render, type Block, type DocFormat, type Inline } from '../text/markup.js';
import { csv } from './csv.js';
import type { OwnerFormat } from './owner-formats.js';
import { contactText, type OwnershipEntry } from './registry.js';

export { OWNER_FORMATS, type OwnerFormat } from './owner-formats.js';

const HEADER = ['API', 'Family', 'Steward', 'Contacts', 'Phabricator', 'Alarm channels', 'SLA policy', 'Probe URL'];

function cells(entry: OwnershipEntry): string[] {
  return [
    `${entry.api} (${entry.apiId})`,
    entry.family,
    entry.steward,
    contactText(entry.contacts),
    entry.phabricator ?? '',
    entry.channels.join(', '),
    entry.sla ?? '',
    entry.url === undefined ? '' : `${entry.method} ${entry.url}`,
  ];
}

/** The ownership table as a document block, for the owners command and the generated owners page. */
export function ownershipTable(entries: OwnershipEntry[]): Block {
  return {
    kind: 'table',
    header: HEADER,
    rows: entries.map((entry) => {
      const row: Inline[][] = cells(entry).map((cell) => [cell]);
      row[2] = entry.teamId === undefined ? [{ bold: entry.steward }] : [entry.steward];
      row[7] = entry.url === undefined ? [] : [{ code: entry.method }, ' ', { link: entry.url, text: entry.url }];
      return row;
    }),
  };
}

/**
 * One heading per steward, then its entries, stewards by name and Unassigned last: the list as
 * Developers/Maintainers groups it, where who owns what is read team by team.
 */
export function ownershipBySteward(entries: OwnershipEntry[]): Block[] {
  const stewards = [...new Map(entries.map((e) => [e.teamId ?? '', e.steward])).entries()].sort(([a, an], [b, bn]) => (a === '' ? 1 : b === '' ? -1 : an.localeCompare(bn)));
  return stewards.flatMap(([teamId, steward]): Block[] => [
    { kind: 'heading', level: 2, text: `${steward} (${entries.filter((e) => (e.teamId ?? '') === teamId).length})` },
    ownershipTable(entries.filter((e) => (e.teamId ?? '') === teamId)),
  ]);
}

export function formatOwners(entries: OwnershipEntry[], format: OwnerFormat): string {
  if (format === 'csv') return csv(HEADER, entries.map(cells));
  if (format === 'json') return `${JSON.stringify(entries.map(toJson), null, 2)}\n`;
  return render([ownershipTable(entries)], format satisfies DocFormat);
}

function toJson(entry: OwnershipEntry) {
  return {
    id: entry.apiId,
    name: entry.api,
    family: entry.family,
    team: entry.teamId ?? null,
    steward: entry.steward,
    contacts: entry.contacts,
    phabricator: entry.phabricator ?? null,
    channels: entry.channels,
    channelsBySeverity: entry.routes,
    sla: entry.sla ?? null,
    method: entry.method,
    url: entry.url ?? null,
  };
}
