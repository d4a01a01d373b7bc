import { request, type Dispatcher } from 'undici';
import type { Alarm, MuteScope } from '../alerts/types.js';
import { UNASSIGNED_TEAM } from '../exporter/metric-names.js';
import { classifyError } from '../probe/classify.js';

/** Alertmanager's matcher: `isEqual: false` negates, `isRegex` makes the value an anchored regular expression. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceRequest {
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

/** The labels api-health puts on its alerts (exports and the alertmanager channel alike). */
export const ALARM_LABELS = ['alertname', 'api', 'team', 'severity', 'family'] as const;

const equal = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });

/** Silences exactly this alarm: its alertname (the rule), api, team and severity. */
export function alarmMatchers(alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>): Matcher[] {
  return [equal('alertname', alarm.rule), equal('api', alarm.apiId), equal('team', alarm.team ?? UNASSIGNED_TEAM), equal('severity', alarm.severity)];
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

/** Whether a silence's matchers all hold for an alarm's labels, as Alertmanager decides it. */
export function silenceCovers(silence: Pick<Silence, 'matchers'>, alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>, family?: string): boolean {
  const labels: Record<string, string> = { alertname: alarm.rule, api: alarm.apiId, team: alarm.team ?? UNASSIGNED_TEAM, severity: alarm.severity, ...(family ? { family } : {}) };
  return silence.matchers.every((m) => {
    const value = labels[m.name] ?? '';
    const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
    return hit === m.isEqual;
  });
}

export interface SilencesClientOptions {
  /** Alertmanager's base URL, e.g. http://127.0.0.1:9093 (from the alertmanager channel). */
  url: string;
  dispatcher: Dispatcher;
  timeoutMs?: number;
}

interface ApiSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: Silence['state'] };
}

/**
 * Alertmanager silences through its v2 API, so a mute made in one dashboard is seen by the whole team.
 * Failures are values with Alertmanager's own reason; nothing here throws.
 */
export class SilencesClient {
  private readonly base: string;

  constructor(private readonly options: SilencesClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Creates a silence and returns its id. */
  async create(silence: SilenceRequest): Promise<SilenceResult<string>> {
    const body = {
      matchers: silence.matchers,
      startsAt: new Date(silence.startsAt ?? Date.now()).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    const result = await this.call('POST', '/api/v2/silences', body);
    if (!result.ok) return result;
    return { ok: true, value: (result.value as { silenceID: string }).silenceID };
  }

  /** Expires a silence now (Alertmanager keeps it, as expired, for its retention time). */
  async expire(id: string): Promise<SilenceResult<void>> {
    const result = await this.call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    return result.ok ? { ok: true, value: undefined } : result;
  }

  /** Active silences whose matchers name only our alarm labels: the ones api-health (or a person) made for our alarms. */
  async listActive(): Promise<SilenceResult<Silence[]>> {
    const result = await this.call('GET', '/api/v2/silences');
    if (!result.ok) return result;
    const ours = (result.value as ApiSilence[])
      .filter((s) => s.status.state === 'active' && s.matchers.length > 0)
      .filter((s) => s.matchers.every((m) => (ALARM_LABELS as readonly string[]).includes(m.name)))
      .map((s) => ({
        id: s.id,
        matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
        startsAt: Date.parse(s.startsAt),
        endsAt: Date.parse(s.endsAt),
        createdBy: s.createdBy,
        comment: s.comment,
        state: s.status.state,
      }));
    return { ok: true, value: ours };
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<SilenceResult<unknown>> {
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    try {
      const response = await request(`${this.base}${path}`, {
        dispatcher: this.options.dispatcher,
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode >= 400) {
        return { ok: false, message: `alertmanager: ${method} ${path} answered HTTP ${response.statusCode}: ${reason(text)}` };
      }
      return { ok: true, value: text === '' ? undefined : JSON.parse(text) };
    } catch (error) {
      return { ok: false, message: `alertmanager: ${method} ${path} failed: ${classifyError(error).message}` };
    }
  }
}

/** Alertmanager answers errors as a JSON string or as plain text; either way, one line. */
function reason(text: string): string {
  let message = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') message = parsed;
    else if (parsed && typeof parsed === 'object' && 'message' in parsed) message = String((parsed as { message: unknown }).message);
  } catch {
    // Not JSON: the plain text is the reason.
  }
  return message.trim().split('\n')[0]!.slice(0, 300);
}
