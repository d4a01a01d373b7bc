import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { alarmsPage } from '../../source/docs/alarms-page.js';
import { notificationsPage } from '../../source/docs/notifications-page.js';
import { render } from '../../source/text/markup.js';

const config = parseConfigText(
  [
    'defaults: { quorum: 2 }',
    'teams: { mwi: { name: MediaWiki Interfaces, notify: [owners] } }',
    'apis:',
    '  page: { name: Page API, owner: mwi, url: "http://127.0.0.1:9/page" }',
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 2% }',
    '  - { name: Down, metric: availability, below: 50%, quorum: 3 }',
    'channels:',
    '  owners: { type: webhook, url: "http://127.0.0.1:9/owners" }',
    '  probers: { type: webhook, url: "http://127.0.0.1:9/probers" }',
    'routes:',
    '  - match: { scope: regional }',
    '    notify: [probers]',
    '',
  ].join('\n'),
  'vantages.yaml',
  {},
);

const markdown = (blocks: Parameters<typeof render>[0]): string => render(blocks, 'markdown');

describe('quorum on the generated pages', () => {
  it('lists each rule with its quorum and from how many vantages it is regional', () => {
    const text = markdown(alarmsPage(config).blocks);
    expect(text).toContain('| Page API | `High5xx` | 2 | 1 to 1 vantage |');
    expect(text).toContain('| Page API | `Down` | 3 | 1 to 2 vantages |');
  });

  it('says where regional alarms go, and names the route that takes them', () => {
    const text = markdown(notificationsPage(config).blocks);
    expect(text).toContain('## Regional and global alarms');
    expect(text).toContain('Regional alerts go to route 0 only.');
    expect(text).toContain('**Route 0:** scope regional -> ');
  });
});
