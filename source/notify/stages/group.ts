import type { Clock, TimerHandle } from '../../core/clock.js';
import type { MessageItem } from '../message.js';
import type { RoutedItem } from './route.js';
import type { Emit, Stage } from './stage.js';

export interface GroupTiming {
  groupWaitMs: number;
  groupIntervalMs: number;
}

export interface Group {
  key: string;
  channel: string;
  team: string | undefined;
  items: MessageItem[];
}

interface OpenGroup extends Group {
  timer: TimerHandle;
  next: Emit<Group>;
}

export function groupKey(channel: string, team: string | undefined): string {
  return `${channel}/${team ?? ''}`;
}

/**
 * Alertmanager's grouping per channel and team: the first event of a group waits groupWait for company,
 * and a group that has sent waits at least groupInterval before it sends again. A storm becomes one message.
 */
export class Grouper implements Stage<RoutedItem, Group> {
  readonly name = 'group';
  private readonly open = new Map<string, OpenGroup>();
  private readonly lastFlush = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly timing: GroupTiming,
  ) {}

  run({ channel, item }: RoutedItem, next: Emit<Group>): void {
    const team = item.alarm.team;
    const key = groupKey(channel, team);
    const existing = this.open.get(key);
    if (existing) {
      existing.items.push(item);
      return;
    }
    const now = this.clock.now();
    const last = this.lastFlush.get(key);
    const delay = last === undefined ? this.timing.groupWaitMs : Math.max(this.timing.groupWaitMs, last + this.timing.groupIntervalMs - now);
    const timer = this.clock.setTimeout(() => this.flush(key), delay);
    this.open.set(key, { key, channel, team, items: [item], timer, next });
  }

  /** Items waiting per channel, for the queue depth a view shows. */
  waiting(channel: string): number {
    let count = 0;
    for (const group of this.open.values()) if (group.channel === channel) count += group.items.length;
    return count;
  }

  /** Sends every open group now: on shutdown nothing waits for its timer. */
  flushAll(): void {
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const group = this.open.get(key);
    if (!group) return;
    this.clock.clearTimeout(group.timer);
    this.open.delete(key);
    this.lastFlush.set(key, this.clock.now());
    group.next({ key: group.key, channel: group.channel, team: group.team, items: group.items });
  }
}
