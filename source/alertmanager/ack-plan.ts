import type { Alarm } from '../core/alarm.js';
import { ackNote, isAckSilence, silenceCovers, silenceForAck, type Silence, type SilenceRequest } from './silence-model.js';
import { SilenceIndex } from './silence-index.js';

export interface AckPlanInput {
  alarms: readonly Alarm[];
  /** Alertmanager's active silences as last listed, with this process's own creations and expiries since. */
  silences: readonly Silence[];
  familyOf(apiId: string): string | undefined;
  now: number;
  /** How far past now an ack silence ends when it is made or extended. */
  holdMs: number;
  /** An ack silence ending sooner than this is extended. */
  extendWithinMs: number;
  /** Alarms whose ack silence is being created. */
  creating: ReadonlySet<string>;
  /** Silences this process let go (un-acked, resolved) that Alertmanager may still list. */
  released: ReadonlySet<string>;
  /**
   * Whether Alertmanager may still hold a firing copy of a resolved alarm (Prometheus' rule raises the same alarm
   * and sees the recovery later): its ack silence stays until no copy is left, or every dashboard would show the
   * alarm firing and unacknowledged meanwhile.
   */
  stillAlerting(alarm: Alarm): boolean;
}

export type AckStep =
  | { kind: 'create'; alarmId: string; request: SilenceRequest }
  | { kind: 'extend'; alarmId: string; request: SilenceRequest }
  | { kind: 'expire'; alarmId: string; silenceId: string }
  | { kind: 'adopt'; alarmId: string; by: string; note: string | undefined; silenceId: string }
  | { kind: 'link'; alarmId: string; silenceId: string }
  | { kind: 'withdrawn'; alarmId: string };

/**
 * What keeps the alarms' acknowledgements and Alertmanager's `ACK!` silences one state for the team:
 * an ack without a silence gets one (also an ack made while Alertmanager was down); an `ACK!` silence over
 * an unacknowledged alarm acknowledges it (a colleague, Karma or amtool made it); an ack whose silence is
 * gone was withdrawn elsewhere; a silence held by a firing alarm is extended before it ends (as kthxbye
 * does), and one that only covers resolved alarms is expired once Alertmanager holds no firing copy of them.
 */
export function planAcks(input: AckPlanInput): AckStep[] {
  const acks = input.silences.filter((s) => isAckSilence(s) && !input.released.has(s.id));
  const covers = (silence: Silence, alarm: Alarm): boolean => silenceCovers(silence, alarm, input.familyOf(alarm.apiId));
  const index = new SilenceIndex(acks);
  const steps: AckStep[] = [];
  const extended = new Set<string>();
  const expired = new Set<string>();
  for (const alarm of input.alarms) {
    const silenceId = alarm.ack?.silenceId;
    if (alarm.state === 'resolved') {
      const held = silenceId === undefined ? undefined : acks.find((s) => s.id === silenceId);
      const stillNeeded = held && input.alarms.some((other) => other.state !== 'resolved' && covers(held, other));
      if (held && !stillNeeded && !expired.has(held.id) && !input.stillAlerting(alarm)) {
        expired.add(held.id);
        steps.push({ kind: 'expire', alarmId: alarm.id, silenceId: held.id });
      }
      continue;
    }
    const covering = [...index.covering(alarm, input.familyOf(alarm.apiId))].sort((a, b) => b.endsAt - a.endsAt);
    if (!alarm.ack) {
      const by = covering[0];
      if (by) steps.push({ kind: 'adopt', alarmId: alarm.id, by: by.createdBy, note: ackNote(by), silenceId: by.id });
      continue;
    }
    const held = covering.find((s) => s.id === silenceId) ?? covering[0];
    if (!held) {
      if (silenceId !== undefined) steps.push({ kind: 'withdrawn', alarmId: alarm.id });
      else if (!input.creating.has(alarm.id)) steps.push({ kind: 'create', alarmId: alarm.id, request: silenceForAck(alarm, alarm.ack, input.now + input.holdMs) });
      continue;
    }
    if (held.id !== silenceId) steps.push({ kind: 'link', alarmId: alarm.id, silenceId: held.id });
    if (held.endsAt - input.now < input.extendWithinMs && !extended.has(held.id)) {
      extended.add(held.id);
      const { id, matchers, startsAt, createdBy, comment } = held;
      steps.push({ kind: 'extend', alarmId: alarm.id, request: { id, matchers, startsAt, endsAt: input.now + input.holdMs, createdBy, comment } });
    }
  }
  return steps;
}
