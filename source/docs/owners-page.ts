import type { Config } from '../config/types.js';
import { ownershipTable } from '../ownership/format-owners.js';
import { lintOwnership } from '../ownership/lint.js';
import { contactText, ownershipList } from '../ownership/registry.js';
import type { Block } from '../text/markup.js';
import { page, type Page } from './page.js';

/** The ownership list with its gaps first: an Unassigned API or an unreachable team is the finding. */
export function ownersPage(config: Config): Page {
  const entries = ownershipList(config);
  const unassigned = entries.filter((e) => e.teamId === undefined);
  const silentTeams = lintOwnership(config).filter((w) => w.message.includes('has no channel')).map((w) => String(w.path[1]));
  const nowhere = entries.filter((e) => Object.values(e.routes).some((list) => list.length === 0));
  const gaps: Block[] =
    unassigned.length + silentTeams.length + nowhere.length === 0
      ? [{ kind: 'paragraph', content: ['No gaps: every API has a steward team and every team a channel.'] }]
      : [
          {
            kind: 'list',
            items: [
              ...(unassigned.length > 0
                ? [[{ bold: `Unassigned APIs (${unassigned.length}):` }, ` ${unassigned.map((e) => `${e.api} (${e.apiId})`).join(', ')}`]]
                : []),
              ...(silentTeams.length > 0 ? [[{ bold: `Teams without a reachable channel (${silentTeams.length}):` }, ` ${silentTeams.join(', ')}`]] : []),
              ...(nowhere.length > 0
                ? [[{ bold: `APIs with alarms that reach no channel (${nowhere.length}):` }, ` ${nowhere.map((e) => e.apiId).join(', ')}`]]
                : []),
            ],
          },
        ];
  return page('owners', 'API ownership', [`${entries.length} APIs in ${new Set(entries.map((e) => e.family)).size} families, stewarded by ${config.teams.length} teams.`], [
    { kind: 'heading', level: 2, text: 'Gaps' },
    ...gaps,
    { kind: 'heading', level: 2, text: 'APIs' },
    ownershipTable(entries),
    { kind: 'heading', level: 2, text: 'Teams' },
    {
      kind: 'table',
      header: ['Team', 'Id', 'Description', 'Contacts', 'Phabricator', 'APIs'],
      rows: config.teams.map((team) => {
        const { phabricator, ...contacts } = team.contacts;
        return [
          [team.name],
          [{ code: team.id }],
          [team.description ?? ''],
          [contactText(contacts)],
          [phabricator ?? ''],
          [String(entries.filter((e) => e.teamId === team.id).length)],
        ];
      }),
    },
  ]);
}
