import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { HeldItem, MessageItem } from '../message.js';
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

/** Where the grouper keeps what it holds, so that a crash during a wait loses none of it (the outbox). */
export interface HoldJournal {
  /** On disk when this returns. */
  hold(items: readonly HeldItem[]): void;
  release(ids: readonly string[]): void;
}

interface OpenGroup extends Group {
  ids: string[];
  dueAt: number;
  timer: TimerHandle;
  next: Emit<Group>;
}

export function groupKey(channel: string, team: string | undefined): string {
  return `${channel}/${team ?? ''}`;
}

/**
 * Alertmanager's grouping per channel and team: the first event of a group waits groupWait for company,
 * and a group that has sent waits at least groupInterval before it sends again. A storm becomes one message.
 *
 * Every item is journaled before the grouper keeps it, and released only after its group went on: the
 * stages up to the outbox run synchronously, so by then the group's message is in the outbox (or was
 * dropped as muted or already sent). A crash at any moment leaves each item either held or enqueued.
 */
export class Grouper implements Stage<readonly RoutedItem[], Group> {
  readonly name = 'group';
  private readonly open = new Map<string, OpenGroup>();
  private readonly lastFlush = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly timing: GroupTiming,
    private readonly journal: HoldJournal,
  ) {}

  run(routed: readonly RoutedItem[], next: Emit<Group>): void {
    const now = this.clock.now();
    const dueAt = new Map<string, number>();
    const held = routed.map(({ channel, item }): HeldItem => {
      const key = groupKey(channel, item.alarm.team);
      const due = this.open.get(key)?.dueAt ?? dueAt.get(key) ?? this.dueAt(key, now);
      dueAt.set(key, due);
      return { id: randomUUID(), channel, dueAt: due, item };
    });
    this.journal.hold(held);
    this.take(held, next);
  }

  /** Items a previous run held and never released, in the order they were held: each group goes on at its old due time, or at once when that has passed. */
  restore(held: readonly HeldItem[], next: Emit<Group>): void {
    this.take(held, next);
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

  private dueAt(key: string, now: number): number {
    const last = this.lastFlush.get(key);
    return now + (last === undefined ? this.timing.groupWaitMs : Math.max(this.timing.groupWaitMs, last + this.timing.groupIntervalMs - now));
  }

  private take(held: readonly HeldItem[], next: Emit<Group>): void {
    for (const { id, channel, dueAt, item } of held) {
      const key = groupKey(channel, item.alarm.team);
      const group = this.open.get(key) ?? this.openGroup(key, channel, item.alarm.team, dueAt, next);
      group.items.push(item);
      group.ids.push(id);
    }
  }

  private openGroup(key: string, channel: string, team: string | undefined, dueAt: number, next: Emit<Group>): OpenGroup {
    const timer = this.clock.setTimeout(() => this.flush(key), Math.max(0, dueAt - this.clock.now()));
    const group: OpenGroup = { key, channel, team, items: [], ids: [], dueAt, timer, next };
    this.open.set(key, group);
    return group;
  }

  private flush(key: string): void {
    const group = this.open.get(key);
    if (!group) return;
    this.clock.clearTimeout(group.timer);
    this.open.delete(key);
    this.lastFlush.set(key, this.clock.now());
    group.next({ key: group.key, channel: group.channel, team: group.team, items: group.items });
    this.journal.release(group.ids);
  }
}
