import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { engineRequest } from '../probe/engine-request.js';
import { DEFAULT_MAX_ANSWER_BYTES } from '../config/resolve.js';
import type { Outcome } from '../core/probe-sample.js';

export interface PrometheusApiOptions {
  /** The source id from the config, for messages. */
  name: string;
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  /** The whole exchange of one query. */
  timeoutMs: number;
  /** Longer answers are not read (`shared.maxAnswerBytes`). */
  maxAnswerBytes?: number | undefined;
  /** Aborts every query under way: the process is stopping. */
  signal?: AbortSignal | undefined;
}

export interface QueryFailure {
  ok: false;
  outcome: Outcome;
  message: string;
  /** Prometheus answered, with nothing to read (no matching series, or NaN): the figure is no data now, not an old value. */
  noData?: true;
}

export type InstantResult = { ok: true; value: number } | QueryFailure;
export type RangeResult = { ok: true; points: { at: number; value: number }[] } | QueryFailure;

/** Prometheus' envelope; `data` is checked against its `resultType` once the envelope holds. */
const envelope = z.object({
  status: z.string().optional(),
  error: z.string().optional(),
  errorType: z.string().optional(),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
});

const sample = z.tuple([z.number(), z.string()]);
const scalarResult = sample;
const vectorResult = z.array(z.object({ value: sample }));
const matrixResult = z.array(z.object({ values: z.array(sample) }));

/**
 * Prometheus' HTTP query API, read as one number per query: a query must come down to a single series
 * (aggregate it with sum/avg), and anything else is an error value with a message a person can act on.
 */
export class PrometheusApi {
  constructor(private readonly options: PrometheusApiOptions) {}

  async instant(query: string): Promise<InstantResult> {
    const response = await this.get('/api/v1/query', { query });
    if (!response.ok) return response;
    const { resultType, result } = response.data;
    if (resultType === 'scalar') {
      const scalar = scalarResult.safeParse(result);
      return scalar.success ? this.toNumber(query, scalar.data[1]) : this.unexpected('scalar', scalar.error);
    }
    if (resultType !== 'vector') return this.fail(`query returned a ${resultType}, expected one number: ${query}`);
    const vector = vectorResult.safeParse(result);
    if (!vector.success) return this.unexpected('vector', vector.error);
    const series = vector.data;
    if (series.length === 0) return { ...this.fail(`query returned no data (no matching series): ${query}`), noData: true };
    if (series.length > 1) return this.fail(`query returned ${series.length} series; aggregate it to one (e.g. sum(...)): ${query}`);
    return this.toNumber(query, series[0]!.value[1]);
  }

  async range(query: string, startMs: number, endMs: number, stepMs: number): Promise<RangeResult> {
    const response = await this.get('/api/v1/query_range', {
      query,
      start: String(startMs / 1000),
      end: String(endMs / 1000),
      step: String(Math.max(1, Math.round(stepMs / 1000))),
    });
    if (!response.ok) return response;
    if (response.data.resultType !== 'matrix') return this.fail(`range query returned a ${response.data.resultType}, expected a matrix: ${query}`);
    const matrix = matrixResult.safeParse(response.data.result);
    if (!matrix.success) return this.unexpected('matrix', matrix.error);
    const series = matrix.data;
    if (series.length === 0) return { ...this.fail(`range query returned no data (no matching series): ${query}`), noData: true };
    if (series.length > 1) return this.fail(`range query returned ${series.length} series; aggregate it to one (e.g. sum(...)): ${query}`);
    return { ok: true, points: series[0]!.values.map(([at, value]) => ({ at: at * 1000, value: Number(value) })) };
  }

  private async get(path: string, params: Record<string, string>): Promise<{ ok: true; data: { resultType: string; result: unknown } } | QueryFailure> {
    const url = new URL(`${this.options.url.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const answer = await engineRequest(url, {
      dispatcher: this.options.dispatcher,
      method: 'GET',
      headers: { accept: 'application/json', ...this.options.headers },
      deadlineMs: this.options.timeoutMs,
      maxBytes: this.options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
      signal: this.options.signal,
    });
    if (!answer.ok) return this.fail(`unreachable: ${answer.message}`, answer.outcome);
    const { status, text } = answer;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.fail(`HTTP ${status} with a body that is not the Prometheus API's JSON`, status >= 500 ? 'http_5xx' : 'error');
    }
    const body = envelope.safeParse(json);
    if (!body.success) return this.fail(`HTTP ${status} with a body that is not the Prometheus API's JSON (${describeIssue(body.error)})`, status >= 500 ? 'http_5xx' : 'error');
    const { data, error, errorType } = body.data;
    if (body.data.status !== 'success' || !data) {
      return this.fail(`${errorType ?? `HTTP ${status}`}: ${error ?? 'no error text'}`, status >= 500 ? 'http_5xx' : 'error');
    }
    return { ok: true, data };
  }

  private unexpected(resultType: string, error: z.ZodError): QueryFailure {
    return this.fail(`answered a ${resultType} of an unexpected shape (${describeIssue(error)})`);
  }

  private toNumber(query: string, text: string): InstantResult {
    const value = Number(text);
    return Number.isFinite(value) ? { ok: true, value } : { ...this.fail(`query returned ${text} (no traffic in its range?): ${query}`), noData: true };
  }

  private fail(message: string, outcome: Outcome = 'error'): QueryFailure {
    return { ok: false, outcome, message: `prometheus ${this.options.name}: ${message}` };
  }
}

/** The first thing wrong, in one line: `result[0].value: expected tuple, received null`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
