import type { AlarmEvent } from '../core/alarm.js';
import type { Config } from '../config/types.js';
import type { Clock } from '../core/clock.js';
import type { Lanes } from './delivery/lanes.js';
import type { RecordInput } from './delivery/records.js';
import type { NotificationLog } from './notification-log.js';
import type { Outbox } from './outbox.js';
import { dedup } from './stages/dedup.js';
import type { Group, Grouper } from './stages/group.js';
import { firingSentBy, muting, type Muter } from './stages/mute.js';
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
  const { config, clock, grouper } = parts;
  return Pipeline.from(wanted(config.notifications)).then(routing(config, clock)).then(grouper).join(afterGrouping(parts));
}

/** Where a group goes once it is due: also the way back in for the groups a previous run held when it stopped. */
export function afterGrouping(parts: Omit<PipelineParts, 'config' | 'grouper'>): Pipeline<Group, RecordInput> {
  const { clock, muter, log, outbox, lanes } = parts;
  return Pipeline.from(muting(muter, clock, firingSentBy(log))).then(dedup(log)).then(writeAhead(outbox, log, clock)).then(lanes);
}
