import { fleetId, heartbeatAlert, otherSenders } from '../alertmanager/sender-heartbeat.js';
import type { RemoteAlert } from '../alertmanager/remote-alarms.js';
import type { SilenceResult } from '../alertmanager/silence-model.js';
import type { Config } from '../config/types.js';
import type { Clock, TimerHandle } from '../core/clock.js';

export interface SenderHeartbeatOptions {
  client: { postAlerts(alerts: unknown[]): Promise<SilenceResult<void>>; listAlerts(): Promise<SilenceResult<RemoteAlert[]>> };
  config: Pick<Config, 'apis' | 'teams'>;
  clock: Clock;
  pollMs: number;
  /** Who this process is, e.g. "monitor alice@host pid 1234". */
  sender: string;
  /** announce: a monitor keeps its heartbeat alive; watch: a sending dashboard looks for one. */
  mode: 'announce' | 'watch';
  /** watch: another process sends for the same fleet (said once). */
  onDuplicate(senders: string[]): void;
}

/**
 * Who sends: a `monitor` posts a heartbeat alert every poll (ending three polls ahead, so a dead monitor's
 * goes on its own, and at once when it stops); a dashboard sending through direct channels looks for one of
 * another process on the same fleet and warns once that notifications may be duplicated.
 */
export class SenderHeartbeat {
  private timer: TimerHandle | undefined;
  private running = false;
  private warned = false;
  private beating: Promise<void> | undefined;
  private readonly fleet: string;

  constructor(private readonly options: SenderHeartbeatOptions) {
    this.fleet = fleetId(options.config);
  }

  start(): void {
    this.running = true;
    this.beat();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    await this.beating;
    if (this.options.mode === 'announce') await this.options.client.postAlerts([heartbeatAlert(this.fleet, this.options.sender, this.options.clock.now() - 1, 0)]);
  }

  private beat(): void {
    this.beating = this.once().finally(() => {
      if (this.running) this.timer = this.options.clock.setTimeout(() => this.beat(), this.options.pollMs);
    });
  }

  private async once(): Promise<void> {
    const { client, clock, pollMs, sender } = this.options;
    if (this.options.mode === 'announce') {
      await client.postAlerts([heartbeatAlert(this.fleet, sender, clock.now(), 3 * pollMs)]);
      return;
    }
    if (this.warned) return;
    const listed = await client.listAlerts();
    if (!listed.ok) return;
    const others = otherSenders(listed.value, this.fleet, sender);
    if (others.length === 0) return;
    this.warned = true;
    this.options.onDuplicate(others);
  }
}
