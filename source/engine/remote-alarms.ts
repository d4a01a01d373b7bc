import { alarmsFromAlerts, type OtherAlert, type RemoteAlert } from '../alertmanager/remote-alarms.js';
import type { SilenceResult } from '../alertmanager/silence-model.js';
import type { Config } from '../config/types.js';
import type { Alarm } from '../core/alarm.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { EngineRead } from '../state/alarm-view.js';
import type { SharedMutes } from './shared-mutes.js';

export interface RemoteAlarmsOptions {
  alerts: { listAlerts(): Promise<SilenceResult<RemoteAlert[]>> };
  /** The silences (mutes and acks) are listed in the same poll, so an ack and its alarm arrive together. */
  silences: SharedMutes;
  config: Pick<Config, 'apis' | 'teams'>;
  clock: Clock;
  pollMs: number;
  onChange(): void;
}

/**
 * `--remote`'s alarms: every `pollMs` Alertmanager's silences, then its alerts. When Alertmanager does not
 * answer, the last alerts stay (stale, with their age in the header) and the problem says why.
 */
export class RemoteAlarms {
  private alerts: RemoteAlert[] = [];
  private readAt: number | undefined;
  private problem: string | undefined;
  private timer: TimerHandle | undefined;
  private running = false;
  private polling: Promise<void> | undefined;
  /** The alarms of the last alerts and silences: every frame and every ack asks, a poll changes them. */
  private derived: { alerts: RemoteAlert[]; silences: readonly unknown[]; value: { alarms: Alarm[]; others: OtherAlert[] } } | undefined;

  constructor(private readonly options: RemoteAlarmsOptions) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    await this.polling;
  }

  /** One poll now: silences, then alerts. */
  async poll(): Promise<void> {
    await this.options.silences.refresh();
    const listed = await this.options.alerts.listAlerts();
    if (listed.ok) {
      this.alerts = listed.value;
      this.readAt = this.options.clock.now();
      this.problem = undefined;
    } else {
      this.problem = listed.message;
    }
    this.options.onChange();
  }

  current(): { alarms: Alarm[]; others: OtherAlert[] } {
    const silences = this.options.silences.silences();
    if (this.derived?.alerts !== this.alerts || this.derived.silences !== silences) {
      this.derived = { alerts: this.alerts, silences, value: alarmsFromAlerts(this.alerts, this.options.config, this.options.silences.index()) };
    }
    return this.derived.value;
  }

  /** Alertmanager is stale when either list failed: alarms without their acks would read as unacknowledged. */
  status(): EngineRead {
    const silences = this.options.silences.listFailing();
    return { readAt: this.readAt, problem: [this.problem, silences].filter((p) => p !== undefined).join('; ') || undefined };
  }

  private schedule(ms: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.polling = this.poll().finally(() => {
        if (this.running) this.schedule(this.options.pollMs);
      });
    }, ms);
  }
}
