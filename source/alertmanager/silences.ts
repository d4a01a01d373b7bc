import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { type Silence, type SilenceRequest, type SilenceResult, type SilenceSync } from './silence-model.js';
import type { RemoteAlert } from './remote-alarms.js';
import { alertsAnswer, createdSilenceAnswer, shapeProblem, silencesAnswer } from './api-shapes.js';
import { engineRequest } from '../probe/engine-request.js';
import { DEFAULT_MAX_ANSWER_BYTES } from '../config/resolve.js';
import { ALARM_LABELS } from '../core/labels.js';
import { splitUserinfo } from '../core/url-userinfo.js';

export interface SilencesClientOptions {
  /** Alertmanager's base URL, e.g. http://127.0.0.1:9093 (from the alertmanager channel); `user:password@` becomes basic auth. */
  url: string;
  dispatcher: Dispatcher;
  /** The whole exchange of one request (5 s). */
  timeoutMs?: number;
  /** Sent with every request (`shared.headers`, e.g. a bearer token). */
  headers?: Record<string, string> | undefined;
  /** Longer answers are not read (`shared.maxAnswerBytes`). */
  maxAnswerBytes?: number | undefined;
  /**
   * The process is stopping: `read` aborts lists under way at once; `write` aborts creations and expiries,
   * given a moment more so an unmute just before quitting still reaches Alertmanager.
   */
  stopping?: { read: AbortSignal; write: AbortSignal } | undefined;
}

/**
 * Alertmanager silences through its v2 API, so a mute made in one dashboard is seen by the whole team.
 * Failures are values with Alertmanager's own reason; nothing here throws.
 */
export class SilencesClient implements SilenceSync {
  private readonly base: string;
  private readonly authorization: string | undefined;
  /** The last answer of each list and what it was read into. */
  private readonly lastRead = new Map<string, { text: string; value: unknown }>();

  constructor(private readonly options: SilencesClientOptions) {
    // undici drops credentials in a URL silently; Alertmanager behind basic auth would answer 401.
    const split = splitUserinfo(options.url);
    this.authorization = split.authorization;
    this.base = split.url.replace(/\/+$/, '');
  }

  /** Creates a silence (or, given an id, updates it) and returns its id. */
  async create(silence: SilenceRequest): Promise<SilenceResult<string>> {
    const body = {
      ...(silence.id ? { id: silence.id } : {}),
      matchers: silence.matchers,
      startsAt: new Date(silence.startsAt ?? Date.now()).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    const answer = await this.call('POST', '/api/v2/silences', body);
    if (!answer.ok) return answer;
    const created = this.parse('POST', '/api/v2/silences', answer.value, createdSilenceAnswer);
    return created.ok ? { ok: true, value: created.value.silenceID } : created;
  }

  /** Expires a silence now (Alertmanager keeps it, as expired, for its retention time). */
  async expire(id: string): Promise<SilenceResult<void>> {
    const result = await this.call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    return result.ok ? { ok: true, value: undefined } : result;
  }

  /** Active silences whose matchers name only our alarm labels: the ones api-health (or a person) made for our alarms. */
  async listActive(): Promise<SilenceResult<Silence[]>> {
    return this.list('/api/v2/silences', silencesAnswer, (silences) =>
      silences
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
      })),
    );
  }

  /** Every alert Alertmanager holds now (active, silenced and inhibited): what `--remote` shows as alarms. */
  async listAlerts(): Promise<SilenceResult<RemoteAlert[]>> {
    return this.list('/api/v2/alerts', alertsAnswer, (alerts) => alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, startsAt: a.startsAt })));
  }

  /** Posts alerts as Prometheus does (the sender heartbeat). */
  async postAlerts(alerts: unknown[]): Promise<SilenceResult<void>> {
    const result = await this.call('POST', '/api/v2/alerts', alerts);
    return result.ok ? { ok: true, value: undefined } : result;
  }

  /**
   * A GET whose answer is read into `T`. A busy Alertmanager answers the same megabytes poll after poll: an answer
   * equal to the last one gives the last value (the same object), so nothing downstream is worked out again.
   */
  private async list<A, T>(path: string, shape: z.ZodType<A>, convert: (answer: A) => T): Promise<SilenceResult<T>> {
    const answer = await this.call('GET', path);
    if (!answer.ok) return answer;
    const last = this.lastRead.get(path);
    if (last && last.text === answer.value) return { ok: true, value: last.value as T };
    const parsed = this.parse('GET', path, answer.value, shape);
    if (!parsed.ok) return parsed;
    const value = convert(parsed.value);
    this.lastRead.set(path, { text: answer.value, value });
    return { ok: true, value };
  }

  /** One request: its answer's text, or why there is none (HTTP errors included, with Alertmanager's reason). */
  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<SilenceResult<string>> {
    const answer = await engineRequest(`${this.base}${path}`, {
      dispatcher: this.options.dispatcher,
      method,
      headers: {
        ...this.options.headers,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.authorization ? { authorization: this.authorization } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      deadlineMs: this.options.timeoutMs ?? 5_000,
      maxBytes: this.options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
      signal: method === 'GET' ? this.options.stopping?.read : this.options.stopping?.write,
    });
    if (!answer.ok) return { ok: false, message: `alertmanager: ${method} ${path} failed: ${answer.message}` };
    if (answer.status >= 400) return { ok: false, message: `alertmanager: ${method} ${path} answered HTTP ${answer.status}: ${reason(answer.text)}` };
    return { ok: true, value: answer.text };
  }

  /** An answer must be JSON of `shape`, else the call fails saying what was wrong. */
  private parse<T>(method: string, path: string, text: string, shape: z.ZodType<T>): SilenceResult<T> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, message: `alertmanager: ${method} ${path} answered a body that is not JSON` };
    }
    const parsed = shape.safeParse(json);
    if (!parsed.success) return { ok: false, message: `alertmanager: ${method} ${path} answered an unexpected shape: ${shapeProblem(parsed.error)}` };
    return { ok: true, value: parsed.data };
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
