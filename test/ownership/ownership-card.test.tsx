import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../source/config/load.js';
import { ownershipCardLines } from '../../source/ownership/ownership-card.js';
import { createFleetStore } from '../../source/state/store.js';
import { App } from '../../source/ui/App.js';
import { createPainter } from '../../source/ui/paint.js';
import type { Theme } from '../../source/ui/theme.js';
import { waitForFrame } from '../helpers/render-app.js';
import { SECRET, secretFleet } from '../helpers/secret-fleet.js';

const config = loadConfigFile(fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url)), {});
const plain = (_role: string, text: string): string => text;
const api = (id: string) => config.apis.find((a) => a.id === id)!;

describe('ownership card', () => {
  it('shows the steward, contacts, SLA clocks, the route of every severity and the escalation levels', () => {
    expect(ownershipCardLines(config, api('mw-rest-page'), plain).map((l) => l.trimEnd())).toEqual([
      'MediaWiki REST - page (bare)  mw-rest-page · MediaWiki REST',
      'steward       MediaWiki Interfaces (mwi)',
      'contacts      email: mwi@example.org',
      '              phabricator: MW-Interfaces-Team',
      '              chat: #mediawiki-interfaces',
      'runbook       https://example.org/runbooks/mediawiki-rest',
      'dashboard     https://grafana.example.org/d/mediawiki-rest',
      'docs          https://www.mediawiki.org/wiki/API:REST_API',
      '',
      'SLA policy "production"',
      '  page     triage 5m, escalate 15m, resolve 4h',
      '  critical triage 30m, escalate 2h, resolve 1d',
      '  warning  triage 1d, escalate 3d, resolve 14d',
      '  info     triage 7d, escalate 14d, resolve 30d',
      '',
      'Alarms route to',
      '  page     pager (splunk-oncall), oncall (alertmanager), irc-operations (irc), desk (terminal), mwi-mail (email)  (route 0, 5)',
      '  critical irc-operations (irc), mwi-mail (email)  (route 1, 5)',
      '  warning  irc-operations (irc), mwi-tasks (phabricator), mwi-mail (email)  (route 1, 2, 5)',
      '  info     mwi-mail (email)  (route 5)',
      '',
      'Escalation',
      '  1. MWI on-call engineer',
      '  2. MWI engineering manager',
      '  3. SRE on-call',
    ]);
  });

  it('makes an Unassigned API stand out and says it has no SLA policy', () => {
    const lines = ownershipCardLines(config, api('api-portal-page'), plain);
    expect(lines[1]).toBe('steward       Unassigned: nobody owns this API');
    expect(lines).toContain('SLA policy: none (no team)');
    expect(lines).toContain('  no escalation levels configured');
  });

  it('shows links with ${VAR} values redacted', () => {
    const keyed = secretFleet();
    const lines = ownershipCardLines(keyed, keyed.apis.find((a) => a.id === 'keyed')!, plain);
    expect(lines).toContain('runbook       https://wikitech.example.org/Keyed?token=[redacted]');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('opens on `o` over the selected API and closes on Esc', async () => {
    const store = createFleetStore(config, { now: 0 });
    const painter = createPainter({} as Theme, false);
    const view = render(<App store={store} painter={painter} onQuit={() => {}} now={() => 0} />);
    const frame = (predicate: (text: string) => boolean): Promise<string> => waitForFrame(view, predicate);
    await frame((t) => t.includes('MediaWiki'));
    view.stdin.write('o');
    const card = await frame((t) => t.includes('Alarms route to'));
    expect(card).toContain('steward');
    expect(store.getState().ui.view).toBe('owner');
    view.stdin.write('\u001B');
    await frame(() => store.getState().ui.view === 'dashboard');
    view.unmount();
  });
});
