import { describeMatchers, isAckSilence, silenceForMute, type Silence, type SilenceRequest, type SilenceResult, type SilenceSync } from '../alertmanager/silence-model.js';
import { SilenceIndex } from '../alertmanager/silence-index.js';
import type { Alarm, Mute } from '../core/alarm.js';
import type { SilencesStatus, SilenceView } from '../state/alarm-view.js';
import type { Clock, TimerHandle } from '../core/clock.js';

export interface SharedMutesOptions {
  sync: SilenceSync;
  clock: Clock;
  /** How often Alertmanager's active silences are listed (and failed requests retried). */
  pollMs: number;
  /** The tracker's mutes not yet expired. */
  mutes(): Mute[];
  /** Records which silence shares a mute; false when the mute is gone meanwhile. */
  link(muteId: string, silenceId: string): boolean;
  /** Something the store (and, for links, state.json) should see has changed. */
  onChange(): void;
  /** Alertmanager answered a list: the shared acks reconcile with it. */
  onListed?: (() => void) | undefined;
}

/**
 * Keeps Alertmanager's silences in step with the alarm tracker's mutes, so the whole team sees the same
 * mutes: a mute creates a silence, an unmute expires it, and every `pollMs` the active silences over our
 * labels (colleagues' included) are listed and whatever failed before is retried. Alertmanager being
 * down never stops a mute locally; it is one line in the status until the next success.
 */
export class SharedMutes {
  private active: Silence[] = [];
  /** `active` indexed for matching against alarms; built when first asked after each change. */
  private indexed: SilenceIndex | undefined;
  private listedAt: number | undefined;
  private listProblem: string | undefined;
  private shareProblem: string | undefined;
  private expireProblem: string | undefined;
  /** Mutes whose silence is being created, so a poll does not create a second one. */
  private readonly creating = new Set<string>();
  /** Silences whose expiry failed: retried while Alertmanager still lists them as active. */
  private readonly unexpired = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Creations and expiries, numbered, so a list answer that crossed them does not undo them on screen. */
  private changes: { seq: number; added?: Silence; removed?: string }[] = [];
  private seq = 0;
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(private readonly options: SharedMutesOptions) {}

  /** Lists now, then every `pollMs` until stopped. */
  start(): void {
    this.running = true;
    this.poll();
  }

  /** Stops polling and waits for requests under way, so an unmute just before quitting still expires its silence. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.settled();
  }

  /** Resolves once no request to Alertmanager is under way. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  muted(mute: Mute): void {
    this.share(mute);
  }

  /** A silence still being created has no id yet: it is expired as soon as it arrives and finds its mute gone. */
  unmuted(mute: Mute): void {
    if (mute.silenceId) this.expire(mute.silenceId);
  }

  /** Lists the active silences, then shares mutes that are not yet shared and retries failed expiries. */
  refresh(): Promise<void> {
    return this.track(async () => {
      const asked = this.seq;
      const listed = await this.options.sync.listActive();
      if (!listed.ok) {
        this.listProblem = listed.message;
        return;
      }
      this.changes = this.changes.filter((c) => c.seq > asked);
      this.active = this.changes.reduce(applyChange, listed.value);
      this.listedAt = this.options.clock.now();
      this.listProblem = undefined;
      for (const mute of this.options.mutes()) if (!mute.silenceId) this.share(mute);
      for (const id of this.unexpired) {
        if (this.active.some((s) => s.id === id)) this.expire(id);
        else this.unexpired.delete(id);
      }
      this.options.onListed?.();
    });
  }

  /** The active silences over our labels, mutes and acks, as last listed with this process's changes since. */
  silences(): readonly Silence[] {
    return this.active;
  }

  /** The same silences, indexed by what they cover. */
  index(): SilenceIndex {
    if (this.indexed?.silences !== this.active) this.indexed = new SilenceIndex(this.active);
    return this.indexed;
  }

  /** Whether Alertmanager has answered a list yet (until then an absent silence proves nothing). */
  hasListed(): boolean {
    return this.listedAt !== undefined;
  }

  /** Whether the last list failed: Alertmanager is not answering. */
  listFailing(): string | undefined {
    return this.listProblem;
  }

  /**
   * Creates (or, with an id, updates) a silence for another kind of sharing (acks), recorded like a mute's so
   * a list answer that crossed it does not hide it. An update Alertmanager answers with a new id replaces the old one.
   */
  createSilence(request: SilenceRequest): Promise<SilenceResult<string>> {
    let result: SilenceResult<string> = { ok: false, message: 'not sent' };
    return this.track(async () => {
      result = await this.options.sync.create(request);
      if (!result.ok) return;
      if (request.id && request.id !== result.value) this.record({ removed: request.id });
      this.record({ added: { ...request, id: result.value, startsAt: request.startsAt ?? this.options.clock.now(), state: 'active' } });
    }).then(() => result);
  }

  /** Expires a silence, retried on every list while Alertmanager still lists it. */
  expireSilence(id: string): void {
    this.expire(id);
  }

  /** `acks`: the ids of the `ACK!` silences this process holds, so they count as its own too. */
  status(acks: readonly string[] = []): SilencesStatus {
    const mutes = this.options.mutes();
    const linked = new Set([...mutes.flatMap((m) => (m.silenceId ? [m.silenceId] : [])), ...acks]);
    const localOnly = mutes.filter((m) => !m.silenceId).length;
    const problems = [
      this.listProblem && `cannot list silences: ${this.listProblem}`,
      localOnly > 0 && this.shareProblem && `${localOnly} mute(s) only local: ${this.shareProblem}; retrying`,
      this.unexpired.size > 0 && this.expireProblem && `${this.unexpired.size} silence(s) not expired yet: ${this.expireProblem}; retrying`,
    ].filter((p): p is string => typeof p === 'string');
    return {
      active: this.active.map((s) => view(s, linked.has(s.id))).sort((a, b) => a.until - b.until || a.id.localeCompare(b.id)),
      listedAt: this.listedAt,
      problem: problems.length > 0 ? problems.join('; ') : undefined,
    };
  }

  /**
   * Whether a mute silence (an `ACK!` one is an acknowledgement) Alertmanager listed as active covers the alarm's
   * labels at `now`: it may have ended since the list. Its start is Alertmanager's to judge (by its own clock), so a
   * silence made a moment ago counts.
   */
  mutes(alarm: Alarm, family: string | undefined, now: number): boolean {
    return this.index()
      .covering(alarm, family)
      .some((s) => !isAckSilence(s) && now < s.endsAt);
  }

  /** The active mute silence (not an `ACK!` one: that is an acknowledgement) covering the alarm that lasts longest. */
  covering(alarm: Alarm, family: string | undefined, linked: ReadonlySet<string>): SilenceView | undefined {
    let best: Silence | undefined;
    for (const silence of this.index().covering(alarm, family)) {
      if (!isAckSilence(silence) && (!best || silence.endsAt > best.endsAt)) best = silence;
    }
    return best && view(best, linked.has(best.id));
  }

  private poll(): void {
    void this.refresh().then(() => {
      if (this.running) this.timer = this.options.clock.setTimeout(() => this.poll(), this.options.pollMs);
    });
  }

  private share(mute: Mute): void {
    if (this.creating.has(mute.id)) return;
    this.creating.add(mute.id);
    const request = silenceForMute(mute);
    void this.track(async () => {
      const created = await this.options.sync.create(request);
      this.creating.delete(mute.id);
      if (!created.ok) {
        this.shareProblem = created.message;
        return;
      }
      this.shareProblem = undefined;
      if (!this.options.link(mute.id, created.value)) {
        this.expire(created.value);
        return;
      }
      this.record({ added: { id: created.value, ...request, startsAt: request.startsAt ?? mute.createdAt, state: 'active' } });
    });
  }

  private expire(id: string): void {
    void this.track(async () => {
      const expired = await this.options.sync.expire(id);
      if (!expired.ok) {
        this.unexpired.add(id);
        this.expireProblem = expired.message;
        return;
      }
      this.unexpired.delete(id);
      this.record({ removed: id });
    });
  }

  private record(change: { added?: Silence; removed?: string }): void {
    this.seq += 1;
    this.changes.push({ seq: this.seq, ...change });
    this.active = applyChange(this.active, change);
  }

  /** Runs a request to Alertmanager as one of this process's own, so `settled` and `stop` wait for it. */
  track(operation: () => Promise<void>): Promise<void> {
    const running: Promise<void> = operation().finally(() => {
      this.inFlight.delete(running);
      this.options.onChange();
    });
    this.inFlight.add(running);
    return running;
  }
}

function applyChange(active: Silence[], change: { added?: Silence | undefined; removed?: string | undefined }): Silence[] {
  if (change.added) return [...active.filter((s) => s.id !== change.added!.id), change.added];
  return active.filter((s) => s.id !== change.removed);
}

function view(silence: Silence, ours: boolean): SilenceView {
  return {
    id: silence.id,
    kind: isAckSilence(silence) ? 'ack' : 'mute',
    until: silence.endsAt,
    createdBy: silence.createdBy,
    comment: silence.comment,
    matchers: describeMatchers(silence.matchers),
    ours,
  };
}
