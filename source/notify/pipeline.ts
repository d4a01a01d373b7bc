import type { AlarmEvent } from '../core/alarm.js';
import type { Config } from '../config/types.js';
import type { Clock } from '../core/clock.js';
import type { Lanes } from './delivery/lanes.js';
import type { RecordInput } from './delivery/records.js';
import type { NotificationLog } from './notification-log.js';
import type { Outbox } from './outbox.js';
import { dedup } from './stages/dedup.js';
import type { Grouper } from './stages/group.js';
import { muting, type Muter } from './stages/mute.js';
import { routing } from './stages/route.js';
import { Pipeline } from './stages/stage.js';
import { wanted } from './stages/wanted.js';
import { writeAhead } from './stages/write-ahead.js';

export interface PipelineParts {
  config: Config;
  clock: Clock;
  muter: Muter;
  grouper: Grouper;
  log: NotificationLog;
  outbox: Outbox;
  lanes: Lanes;
}

/** The notification path in the order it runs, Alertmanager style; `record` is where every outcome ends. */
export function notificationPipeline(parts: PipelineParts): Pipeline<readonly AlarmEvent[], RecordInput> {
  const { config, clock, muter, grouper, log, outbox, lanes } = parts;
  return Pipeline.from(wanted(config.notifications))
    .then(routing(config, clock))
    .then(grouper)
    .then(muting(muter, clock))
    .then(dedup(log))
    .then(writeAhead(outbox, log, clock))
    .then(lanes);
}
