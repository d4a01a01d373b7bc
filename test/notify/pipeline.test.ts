import { describe, expect, it } from 'vitest';
import { Lanes } from '../../source/notify/delivery/lanes.js';
import { openJournals } from '../../source/notify/jobs/replay.js';
import { notificationPipeline } from '../../source/notify/pipeline.js';
import { Grouper } from '../../source/notify/stages/group.js';
import { noMutes } from '../../source/notify/stages/mute.js';
import { DEFAULT_RETRY } from '../../source/notify/delivery/retry.js';
import { createRedactor } from '../../source/text/redact.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { config, T0 } from './helpers.js';

describe('notification pipeline', () => {
  const stateDir = useTempDir();

  it('runs in Alertmanager\'s order: route, group, mute, dedup, outbox, then rate limit and send with retry', () => {
    const cfg = config('');
    const clock = new ManualClock(T0);
    const { outbox, log } = openJournals(stateDir(), T0, 86_400_000);
    const lanes = new Lanes({ config: cfg, notifiers: new Map(), clock, random: () => 0, retry: DEFAULT_RETRY, outbox, redact: createRedactor([]) });
    const pipeline = notificationPipeline({ config: cfg, clock, muter: noMutes, grouper: new Grouper(clock, cfg.notifications, outbox), log, outbox, lanes });
    outbox.close();
    expect(pipeline.names()).toEqual(['drop unwanted', 'route', 'group', 'mute', 'dedup', 'outbox', 'rate limit, send with retry']);
  });
});
