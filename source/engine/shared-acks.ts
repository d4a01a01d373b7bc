import { planAcks, type AckStep } from '../alertmanager/ack-plan.js';
import { silenceForAck } from '../alertmanager/silence-model.js';
import type { RemoteAlert } from '../alertmanager/remote-alarms.js';
import type { SilenceResult } from '../alertmanager/silence-model.js';
import type { Acknowledgement, Alarm } from '../core/alarm.js';
import type { Clock } from '../core/clock.js';
import type { SharedMutes } from './shared-mutes.js';

/** An ack silence lasts this long past its last extension, so one no api-health holds any more ends on its own. */
export const ACK_HOLD_MS = 15 * 60_000;
const EXTEND_WITHIN_MS = 5 * 60_000;
/** Polls an ack silence outlives its resolved alarm at least: Prometheus' copy of the alert may still be on its way. */
const RESOLVE_GRACE_POLLS = 2;

export interface SharedAcksOptions {
  /** Alertmanager's silences, listed and changed through the same client as the shared mutes. */
  silences: SharedMutes;
  clock: Clock;
  pollMs: number;
  alarms(): Alarm[];
  familyOf(apiId: string): string | undefined;
  /** An `ACK!` silence covers an unacknowledged alarm: acknowledge it as its author. */
  adopt(alarmId: string, by: string, note: string | undefined, silenceId: string): void;
  /** The silence of an acknowledged alarm is gone: someone withdrew the ack elsewhere. */
  withdraw(alarmId: string): void;
  /** Records which silence shares an ack; false when the alarm is no longer acknowledged. */
  link(alarmId: string, silenceId: string): boolean;
  /**
   * --remote: the alarms are Alertmanager's and their acks its silences, so an ack is only a silence to create
   * (queued while Alertmanager does not answer); holding and expiring them is for the processes that evaluate.
   */
  remote?: boolean | undefined;
  /**
   * Alertmanager's alerts: an ack silence of a resolved alarm is kept while Alertmanager still lists a copy of
   * the alarm (Prometheus' own). Without it the silence is expired as the alarm resolves.
   */
  alerts?: { listAlerts(): Promise<SilenceResult<RemoteAlert[]>> } | undefined;
}

/**
 * Acknowledgements shared as Alertmanager `ACK!` silences (see planAcks): every api-health process that knows
 * the Alertmanager reconciles after each list and each local change, so an ack made anywhere stops escalation
 * and reminders everywhere. Acks made while Alertmanager is down stay local, are said so, and are shared
 * once it answers.
 */
export class SharedAcks {
  private readonly creating = new Set<string>();
  private readonly released = new Set<string>();
  private problem: string | undefined;
  /** `api/alertname` of every alert Alertmanager listed last time it was asked; undefined until it answered. */
  private alerting: ReadonlySet<string> | undefined;
  private listingAlerts = false;
  /** Resolved alarms Alertmanager's alerts were listed for since they resolved. */
  private readonly asked = new Set<string>();
  /** --remote: the `ACK!` silences this dashboard made; a colleague's ack on the same alarms is not ours. */
  private readonly madeHere = new Set<string>();
  /** --remote: acks whose silence is not created yet, by alarm id. */
  private readonly queued = new Map<string, { alarm: Alarm; ack: Acknowledgement }>();

  constructor(private readonly options: SharedAcksOptions) {}

  /** An ack was withdrawn here: its silence goes, and is not taken for a colleague's ack while it is expiring. */
  unacknowledged(silenceId: string | undefined): void {
    if (silenceId === undefined) return;
    this.released.add(silenceId);
    this.options.silences.expireSilence(silenceId);
  }

  /** --remote: acknowledges an Alertmanager alarm by creating its `ACK!` silence, now or once Alertmanager answers. */
  acknowledgeRemote(alarm: Alarm, ack: Acknowledgement): void {
    if (alarm.ack || this.queued.has(alarm.id)) return;
    this.queued.set(alarm.id, { alarm, ack });
    this.flushQueue();
  }

  /** --remote: withdraws an ack, queued or shared. */
  unacknowledgeRemote(alarm: Alarm): void {
    if (this.queued.delete(alarm.id)) return;
    this.unacknowledged(alarm.ack?.silenceId);
  }

  /** --remote: the ack this dashboard made that Alertmanager does not hold yet. */
  queuedAck(alarmId: string): Acknowledgement | undefined {
    return this.queued.get(alarmId)?.ack;
  }

  /**
   * Brings acks and silences in step; a no-op until Alertmanager has answered a list. While Alertmanager
   * fails, only a list that succeeds again reconciles, so an outage is not one request per evaluation.
   */
  reconcile(fromList = false): void {
    const { silences } = this.options;
    if (!silences.hasListed()) return;
    if (!fromList && (this.problem !== undefined || silences.listFailing() !== undefined)) return;
    if (this.options.remote) {
      this.flushQueue();
      return;
    }
    this.listAlerting(fromList);
    this.plan();
  }

  private plan(): void {
    const { silences } = this.options;
    const listed = silences.silences();
    for (const id of this.released) if (!listed.some((s) => s.id === id)) this.released.delete(id);
    const steps = planAcks({
      alarms: this.options.alarms(),
      silences: listed,
      familyOf: this.options.familyOf,
      now: this.options.clock.now(),
      holdMs: ACK_HOLD_MS,
      extendWithinMs: Math.max(EXTEND_WITHIN_MS, 3 * this.options.pollMs),
      creating: this.creating,
      released: this.released,
      stillAlerting: (alarm) => this.mayStillAlert(alarm),
    });
    for (const step of steps) this.run(step);
  }

  /**
   * Prometheus evaluates its copy of the rule on its own schedule and re-sends it as firing after the monitor's
   * resolved post: for two polls after the resolve a copy may come back whatever Alertmanager lists now. After
   * that, a copy is gone when Alertmanager no longer lists it (not asked yet: held, so at worst the silence ends
   * on its own ACK_HOLD_MS after its last extension).
   */
  private mayStillAlert(alarm: Alarm): boolean {
    const now = this.options.clock.now();
    if (now - (alarm.resolvedAt ?? now) < RESOLVE_GRACE_POLLS * this.options.pollMs) return true;
    return this.options.alerts ? (this.alerting?.has(alarm.id) ?? true) : false;
  }

  /**
   * Asks Alertmanager which alerts it holds while a resolved alarm still holds an ack silence: at once when an
   * alarm has just resolved, then with every list of the silences; plans again with the answer.
   */
  private listAlerting(fromList: boolean): void {
    const { alerts } = this.options;
    if (!alerts || this.listingAlerts) return;
    const waiting = this.options.alarms().filter((a) => a.state === 'resolved' && a.ack?.silenceId !== undefined);
    for (const id of this.asked) if (!waiting.some((a) => a.id === id)) this.asked.delete(id);
    if (waiting.length === 0 || (!fromList && waiting.every((a) => this.asked.has(a.id)))) return;
    this.listingAlerts = true;
    for (const alarm of waiting) this.asked.add(alarm.id);
    void this.options.silences.track(async () => {
      const listed = await alerts.listAlerts();
      this.listingAlerts = false;
      if (!listed.ok) return;
      this.alerting = new Set(listed.value.map((a) => `${a.labels.api ?? ''}/${a.labels.alertname ?? ''}`));
      this.plan();
    });
  }

  /** Ids of the ack silences this process holds. */
  held(): string[] {
    if (this.options.remote) {
      const acked = new Set(this.options.alarms().flatMap((a) => (a.ack?.silenceId ? [a.ack.silenceId] : [])));
      return [...this.madeHere].filter((id) => acked.has(id));
    }
    return this.options.alarms().flatMap((a) => (a.ack?.silenceId && a.state !== 'resolved' ? [a.ack.silenceId] : []));
  }

  /** One line on acks not shared right now; undefined when all are. */
  status(): string | undefined {
    // In --remote the queued acks are on the alarms too (shown as acked): count them once.
    const localOnly = this.options.remote ? this.queued.size : this.options.alarms().filter((a) => a.ack && !a.ack.silenceId && a.state !== 'resolved').length;
    const reason = this.problem ?? this.options.silences.listFailing();
    if (localOnly === 0 || reason === undefined) return undefined;
    return `${localOnly} ack(s) only local, shared once Alertmanager answers: ${reason}`;
  }

  private flushQueue(): void {
    const acked = new Set(this.options.alarms().flatMap((a) => (a.ack?.silenceId ? [a.id] : [])));
    for (const [alarmId, { alarm, ack }] of this.queued) {
      if (acked.has(alarmId)) this.queued.delete(alarmId);
      else if (!this.creating.has(alarmId)) this.run({ kind: 'create', alarmId, request: silenceForAck(alarm, ack, this.options.clock.now() + ACK_HOLD_MS) });
    }
  }

  private run(step: AckStep): void {
    switch (step.kind) {
      case 'create':
      case 'extend': {
        this.creating.add(step.alarmId);
        void this.options.silences.createSilence(step.request).then((created) => {
          this.creating.delete(step.alarmId);
          if (!created.ok) {
            this.problem = created.message;
            return;
          }
          this.problem = undefined;
          if (this.options.remote) {
            // Withdrawn while Alertmanager was creating it.
            if (this.queued.delete(step.alarmId)) this.madeHere.add(created.value);
            else this.unacknowledged(created.value);
            return;
          }
          if (created.value !== step.request.id && !this.options.link(step.alarmId, created.value)) this.unacknowledged(created.value);
        });
        return;
      }
      case 'expire':
        this.unacknowledged(step.silenceId);
        return;
      case 'adopt':
        this.options.adopt(step.alarmId, step.by, step.note, step.silenceId);
        return;
      case 'link':
        this.options.link(step.alarmId, step.silenceId);
        return;
      case 'withdrawn':
        this.options.withdraw(step.alarmId);
        return;
    }
  }
}
