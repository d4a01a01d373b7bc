import type { Config } from '../../config/types.js';
import type { Alarm, AlarmEvent } from '../../core/alarm.js';
import type { Clock } from '../../core/clock.js';
import { definitionOf } from '../channels/registry.js';
import type { RecordInput } from '../delivery/records.js';
import type { Notifier } from '../message.js';
import type { Muter } from '../stages/mute.js';
import { routeEvents } from '../stages/route.js';
import type { Emit } from '../stages/stage.js';

export interface RefreshOptions {
  config: Config;
  notifiers: ReadonlyMap<string, Notifier>;
  clock: Clock;
  muter: Muter;
  record: Emit<RecordInput>;
  /** Overrides each channel type's own interval (its definition's refresh.defaultEveryMs). */
  everyMs?: number | undefined;
}

/** After a refresh failed, the next try comes this soon (or after `shared.poll`, when shorter). */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * The periodic job of channel types whose receivers forget what is not re-sent (Alertmanager drops alerts
 * after resolve_timeout): the firing, unmuted alarms routed to each such channel, at most once per interval.
 * A refresh that failed (the receiver is down or restarting, and lost its alerts) is tried again within
 * seconds, not a whole interval later: a restarted Alertmanager has the alarms back within a dashboard's poll.
 */
export class Refresher {
  private readonly last = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Channels whose refresh is under way: a slow receiver is not sent a second one meanwhile. */
  private readonly busyChannels = new Set<string>();

  constructor(private readonly options: RefreshOptions) {}

  tick(now: number, alarms: readonly Alarm[]): void {
    const { config, notifiers, muter, clock, record } = this.options;
    const due = [...notifiers].filter(([channel, notifier]) => {
      const job = definitionOf(config.channels[channel]!).refresh;
      const last = this.last.get(channel);
      return (
        job !== undefined &&
        notifier.refresh !== undefined &&
        !this.busyChannels.has(channel) &&
        (last === undefined || now - last >= this.everyMs(job.defaultEveryMs))
      );
    });
    // Called every second: routing every firing alarm when no channel is due made most of a busy monitor's garbage.
    if (due.length === 0) return;
    const firing = alarms.filter((a) => a.state === 'firing' && !muter.isMuted(a, now));
    const events: AlarmEvent[] = firing.map((alarm) => ({ kind: 'firing', at: now, alarm }));
    const routed = routeEvents(events, config, now);
    for (const [channel, notifier] of due) {
      const channelConfig = config.channels[channel]!;
      this.last.set(channel, now);
      const items = routed.filter((r) => r.channel === channel).map((r) => r.item);
      if (items.length === 0) continue;
      const message = { id: `refresh-${now}`, channel, items };
      const everyMs = this.everyMs(definitionOf(channelConfig).refresh!.defaultEveryMs);
      const retryMs = Math.min(everyMs, config.shared?.pollMs ?? RETRY_AFTER_FAILURE_MS, RETRY_AFTER_FAILURE_MS);
      this.busyChannels.add(channel);
      const done = notifier.refresh!(items).then((result) => {
        this.busyChannels.delete(channel);
        // Due again `retryMs` after the failure rather than a whole interval after the try.
        if (!result.ok) this.last.set(channel, clock.now() - everyMs + retryMs);
        record({ record: result.ok ? 'refreshed' : 'failed', at: clock.now(), message, channelType: channelConfig.type, attempt: 1, result });
      });
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    }
  }

  private everyMs(defaultEveryMs: number): number {
    return this.options.everyMs ?? defaultEveryMs;
  }

  busy(): boolean {
    return this.inFlight.size > 0;
  }

  settled(): Promise<void[]> {
    return Promise.all(this.inFlight);
  }
}
