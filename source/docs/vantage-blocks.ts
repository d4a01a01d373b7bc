import type { Config } from '../config/types.js';
import { quorumOf } from '../config/vantage.js';
import type { Block, Inline } from '../text/markup.js';

const QUORUM_MEANING =
  'Each probing process is one vantage point (defaults.vantage, or --vantage: a data centre such as eqiad), and every series it exports carries its name as the vantage label. ' +
  "A rule's quorum is how many vantages must see its condition for the alarm to be global. Seen from fewer (but at least one), it is regional: the API may be failing for one site only, or that prober's own network may be at fault, so it is shown, logged and routed as regional and never paged to the API's owners as global. " +
  'Agreement is decided on the team\'s Prometheus by the exported rules: the condition per vantage, then a count of the vantages that see it against the quorum; both alerts name those vantages in their vantages annotation. ' +
  "A vantage whose prober is offline (its own network down) is left out of the count, and one whose monitor stopped counts neither for nor against either: its ApiHealthVantageAbsent alert fires (regional) and the others decide.";

/** Per rule with a quorum (its own or defaults.quorum): the alarms page's table, or a sentence that none has one. */
export function quorumBlocks(config: Config): Block[] {
  const withQuorum = config.apis.flatMap((api) =>
    api.rules.filter((rule) => rule.quorum !== undefined || config.defaults.quorum !== undefined).map((rule) => ({ api, rule, quorum: quorumOf(rule, config.defaults) })),
  );
  return [
    { kind: 'heading', level: 2, text: 'Vantage points and quorum' },
    { kind: 'paragraph', content: [QUORUM_MEANING] },
    withQuorum.length === 0
      ? { kind: 'paragraph', content: ['No rule sets a quorum: each alarm is judged over every vantage at once, and none is regional.'] }
      : {
          kind: 'table',
          header: ['API', 'Rule', 'Quorum', 'Regional when seen from'],
          rows: withQuorum.map(({ api, rule, quorum }) => [[api.name], [{ code: rule.name }], [String(quorum)], [quorum > 1 ? `1 to ${quorum - 1} vantage${quorum === 2 ? '' : 's'}` : 'never (any vantage is enough)']]),
        },
  ];
}

/** The notifications page: where regional alarms go, and that they never reach the owners' channels. */
export function scopeRoutingBlocks(config: Config): Block[] {
  const regional = config.routes.flatMap((route, index) => (route.match?.scope?.includes('regional') ? [{ route, index }] : []));
  const where: Inline[] =
    regional.length === 0
      ? ['No route matches scope regional: in Alertmanager, regional alerts are listed and sent nowhere.']
      : [`Regional alerts go to route${regional.length === 1 ? '' : 's'} ${regional.map((r) => r.index).join(', ')} only.`];
  return [
    { kind: 'heading', level: 2, text: 'Regional and global alarms' },
    {
      kind: 'paragraph',
      content: [
        'Alerts of rules with a quorum carry the label scope: global when at least the quorum of vantages see the condition, regional when fewer do (see the alarms page). ',
        'The exported Alertmanager config takes every scope="regional" alert before any team node, so the owners\' channels never receive it; only routes that match ',
        { code: 'scope: regional' },
        ' do, such as the probers\' own chat. A single process is one vantage: its own alarm of a rule with a quorum above 1 is regional too, routed the same way and never to the team\'s own channels. ',
        ...where,
      ],
    },
  ];
}
