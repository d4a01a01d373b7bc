import { request, type Dispatcher } from 'undici';
import { classifyError } from '../probe/classify.js';
import type { Outcome } from '../core/probe-sample.js';

export interface PrometheusApiOptions {
  /** The source id from the config, for messages. */
  name: string;
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  timeoutMs: number;
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

interface ApiResponse {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType: string; result: unknown };
}

type Sample = [number, string];

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
    if (resultType === 'scalar') return this.toNumber(query, (result as Sample)[1]);
    if (resultType !== 'vector') return this.fail(`query returned a ${resultType}, expected one number: ${query}`);
    const series = result as { value: Sample }[];
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
    const series = response.data.result as { values: Sample[] }[];
    if (series.length === 0) return this.fail(`range query returned no data (no matching series): ${query}`);
    if (series.length > 1) return this.fail(`range query returned ${series.length} series; aggregate it to one (e.g. sum(...)): ${query}`);
    return { ok: true, points: series[0]!.values.map(([at, value]) => ({ at: at * 1000, value: Number(value) })) };
  }

  private async get(path: string, params: Record<string, string>): Promise<{ ok: true; data: NonNullable<ApiResponse['data']> } | QueryFailure> {
    const url = new URL(`${this.options.url.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        dispatcher: this.options.dispatcher,
        method: 'GET',
        headers: { accept: 'application/json', ...this.options.headers },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const { outcome, message } = classifyError(error);
      return this.fail(`unreachable: ${message}`, outcome);
    }
    let body: ApiResponse;
    try {
      body = JSON.parse(text) as ApiResponse;
    } catch {
      return this.fail(`HTTP ${status} with a body that is not the Prometheus API's JSON`, status >= 500 ? 'http_5xx' : 'error');
    }
    if (body.status !== 'success' || !body.data) {
      return this.fail(`${body.errorType ?? `HTTP ${status}`}: ${body.error ?? 'no error text'}`, status >= 500 ? 'http_5xx' : 'error');
    }
    return { ok: true, data: body.data };
  }

  private toNumber(query: string, text: string): InstantResult {
    const value = Number(text);
    return Number.isFinite(value) ? { ok: true, value } : { ...this.fail(`query returned ${text} (no traffic in its range?): ${query}`), noData: true };
  }

  private fail(message: string, outcome: Outcome = 'error'): QueryFailure {
    return { ok: false, outcome, message: `prometheus ${this.options.name}: ${message}` };
  }
}
