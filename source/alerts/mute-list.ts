import type { Alarm, Mute, MuteScope } from '../core/alarm.js';
import { isActive, muteCovering } from './mutes.js';

export interface SavedMutes {
  mutes: readonly Mute[];
  /** The last number handed out, so ids stay unique across restarts. */
  muteSequence: number;
}

/** The mutes not yet ended and the counter their ids come from. Time is always passed in. */
export class MuteList {
  private mutes: Mute[];
  private sequence: number;

  /** Saved mutes that ended while the program was not running are dropped, without an expiry entry. */
  constructor(saved: SavedMutes | undefined, now: number) {
    this.mutes = (saved?.mutes ?? []).filter((m) => m.until > now).map((m) => ({ ...m }));
    this.sequence = saved?.muteSequence ?? 0;
  }

  add(scope: MuteScope, createdAt: number, until: number, by: string, reason: string | undefined): Mute {
    this.sequence += 1;
    const mute: Mute = { id: `mute-${this.sequence}`, scope, createdAt, until, by, reason: reason || undefined };
    this.mutes.push(mute);
    return mute;
  }

  remove(muteId: string): Mute | undefined {
    const mute = this.mutes.find((m) => m.id === muteId);
    if (mute) this.mutes = this.mutes.filter((m) => m !== mute);
    return mute;
  }

  /** Remembers which Alertmanager silence shares a mute; false when the mute is gone (removed or expired meanwhile). */
  linkSilence(muteId: string, silenceId: string): boolean {
    const mute = this.mutes.find((m) => m.id === muteId);
    if (!mute) return false;
    this.mutes = this.mutes.map((m) => (m === mute ? { ...m, silenceId } : m));
    return true;
  }

  /** Takes out the mutes that ended by `now` and hands them back, so their expiry can be logged once. */
  expire(now: number): Mute[] {
    const expired = this.mutes.filter((m) => m.until <= now);
    if (expired.length > 0) this.mutes = this.mutes.filter((m) => m.until > now);
    return expired;
  }

  /** The mutes in force, the soonest to end first. */
  active(now: number): Mute[] {
    return this.mutes.filter((m) => isActive(m, now)).sort((a, b) => a.until - b.until);
  }

  covering(alarm: Pick<Alarm, 'id' | 'apiId' | 'team' | 'rule'>, now: number): Mute | undefined {
    return muteCovering(this.mutes, alarm, now);
  }

  snapshot(): { mutes: Mute[]; muteSequence: number } {
    return { mutes: this.mutes.map((m) => ({ ...m })), muteSequence: this.sequence };
  }
}
