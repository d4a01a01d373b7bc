import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.js';
import { createNotifier } from '../../source/notify/create-notifier.js';
import { noMutes } from '../../source/notify/stages/mute.js';
import { Receiver } from '../helpers/receiver.js';
import { SECRET, secretFleet } from '../helpers/secret-fleet.js';
import { tempDir } from '../helpers/temp-dir.js';
import { alarm, event, T0 } from './helpers.js';

/** Every channel that posts JSON over HTTP, each on its own path of one receiver. */
const CHANNELS = (url: (path: string) => string) => `channels:
  slack: { type: slack, url: "${url('/slack')}" }
  teams: { type: teams, url: "${url('/teams')}" }
  webhook: { type: webhook, url: "${url('/webhook')}" }
  pagerduty: { type: pagerduty, routingKey: "pd0123456789routingkey00000000", url: "${url('/pagerduty')}" }
  alertmanager: { type: alertmanager, url: "${url('')}" }
routes: [{ notify: [slack, teams, webhook, pagerduty, alertmanager] }]
notifications: { groupWait: 0s }
`;

describe('notifications about an API with a key in its URL', () => {
  let receiver: Receiver;
  let dir: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
    dir = tempDir();
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  it('send the probed URL and the runbook to every receiver with the ${VAR} value redacted', async () => {
    // The API has no dashboard and no docs, so the probed URL is the link every channel shows.
    const config = secretFleet(undefined, CHANNELS((path) => receiver.url(path)));
    const clock = new ManualClock(T0);
    const service = createNotifier({ config, stateDir: dir.path, clock, muter: noMutes, random: () => 0 });
    service.start();
    service.handle([event('firing', alarm({ apiId: 'keyed', team: 'mwi' }))]);
    clock.advance(0);
    await service.settled();
    await service.stop(100);
    expect(new Set(receiver.requests.map((r) => r.url.split('/')[1]))).toEqual(new Set(['slack', 'teams', 'webhook', 'pagerduty', 'api']));
    const sent = receiver.requests.map((r) => r.text).join('\n');
    expect(sent).toContain('https://api.example.org/v1/search?key=[redacted]');
    expect(sent).toContain('https://wikitech.example.org/Keyed?token=[redacted]');
    expect(sent).not.toContain(SECRET);
  });
});
