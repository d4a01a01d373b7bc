import { describeScope } from '../alerts/mutes.js';
import type { Acknowledgement, Alarm, Mute, MuteScope } from '../core/alarm.js';
import { alarmLabels } from '../core/labels.js';
import { compileSafePattern } from '../text/safe-pattern.js';

/** Alertmanager's matcher: `isEqual: false` negates, `isRegex` makes the value an anchored regular expression. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceRequest {
  /** An existing silence's id: Alertmanager updates it (a longer end) instead of creating one; it may answer a new id. */
  id?: string | undefined;
  matchers: Matcher[];
  /** Epoch ms; now when left out. */
  startsAt?: number | undefined;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  state: 'active' | 'pending' | 'expired';
}

export type SilenceResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** What the alarm service needs from Alertmanager to share its mutes; the HTTP client implements it. */
export interface SilenceSync {
  /** Creates a silence and returns its id. */
  create(silence: SilenceRequest): Promise<SilenceResult<string>>;
  expire(id: string): Promise<SilenceResult<void>>;
  /** Active silences over our alarm labels, whoever made them. */
  listActive(): Promise<SilenceResult<Silence[]>>;
}

const equal = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });

/** Silences exactly this alarm: its alertname (the rule), api, team and severity. */
export function alarmMatchers(alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>): Matcher[] {
  return Object.entries(alarmLabels(alarm)).map(([name, value]) => equal(name, value));
}

/** A mute's scope as matchers: an alarm (`api/rule`), an API, a team, or a rule everywhere. */
export function scopeMatchers(scope: MuteScope): Matcher[] {
  switch (scope.kind) {
    case 'alarm': {
      const slash = scope.alarmId.indexOf('/');
      return [equal('api', scope.alarmId.slice(0, slash)), equal('alertname', scope.alarmId.slice(slash + 1))];
    }
    case 'api':
      return [equal('api', scope.apiId)];
    case 'team':
      return [equal('team', scope.team)];
    case 'rule':
      return [equal('alertname', scope.rule)];
  }
}

/** The silence that shares a mute: same scope, same author, same end; the reason, or a comment that says where it came from. */
export function silenceForMute(mute: Mute): SilenceRequest {
  return {
    matchers: scopeMatchers(mute.scope),
    startsAt: mute.createdAt,
    endsAt: mute.until,
    createdBy: mute.by,
    comment: mute.reason ?? `Muted from api-health: ${describeScope(mute.scope)}`,
  };
}

/**
 * Karma's convention for an acknowledgement: a silence whose comment starts with `ACK!`, the note after it.
 * Everything else over our labels is a mute.
 */
export const ACK_PREFIX = 'ACK!';

export function isAckSilence(silence: Pick<Silence, 'comment'>): boolean {
  return silence.comment.startsWith(ACK_PREFIX);
}

export function ackNote(silence: Pick<Silence, 'comment'>): string | undefined {
  return silence.comment.slice(ACK_PREFIX.length).trim() || undefined;
}

/** The silence that shares an acknowledgement: exactly the alarm's labels, its author, `ACK! note`, ending at `endsAt`. */
/**
 * The `ACK!` silence of one alarm: its identity (api and alertname) and nothing else. Team and severity as this
 * process reads them need not be the alert's own (a config whose owner changed, a severity Alertmanager holds
 * under another name), and a silence naming them would then cover nothing while the alarm showed acknowledged.
 */
export function silenceForAck(alarm: Pick<Alarm, 'rule' | 'apiId'>, ack: Pick<Acknowledgement, 'by' | 'note'>, endsAt: number): SilenceRequest {
  return { matchers: scopeMatchers({ kind: 'alarm', alarmId: `${alarm.apiId}/${alarm.rule}` }), endsAt, createdBy: ack.by, comment: ack.note ? `${ACK_PREFIX} ${ack.note}` : ACK_PREFIX };
}

/**
 * Whether a silence's matchers all hold for an alarm's labels, as Alertmanager decides it. A regex that
 * RE2 cannot compile is treated as not matching rather than throwing.
 */
export function silenceCovers(silence: Pick<Silence, 'matchers'>, alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>, family?: string): boolean {
  const labels: Record<string, string> = alarmLabels(alarm, family);
  return silence.matchers.every((m) => {
    const value = labels[m.name] ?? '';
    const hit = m.isRegex ? matchesRegex(m.value, value) : value === m.value;
    return hit === m.isEqual;
  });
}

/** RE2, as Alertmanager itself: a silence's pattern runs in linear time whoever wrote it. */
function matchesRegex(pattern: string, value: string): boolean {
  try {
    return compileSafePattern(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

/** "api=mw-rest alertname=HighLatency", with !=, =~ and !~ as amtool writes them. */
export function describeMatchers(matchers: readonly Matcher[]): string {
  return matchers.map((m) => `${m.name}${operator(m)}${m.value}`).join(' ');
}

function operator(m: Matcher): string {
  if (m.isRegex) return m.isEqual ? '=~' : '!~';
  return m.isEqual ? '=' : '!=';
}
