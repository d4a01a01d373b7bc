import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { DEFAULT_MAX_ANSWER_BYTES } from '../config/resolve.js';
import { engineRequest } from '../probe/engine-request.js';
import { sanitize } from '../text/sanitize.js';

/** One series of an instant vector: its labels and its value. */
export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

export interface VectorClientOptions {
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  /** The whole exchange of one query. */
  timeoutMs: number;
  /** Longer answers are not read (`shared.maxAnswerBytes`). */
  maxAnswerBytes?: number | undefined;
  /** Aborts the query under way: the process is stopping. */
  signal?: AbortSignal | undefined;
}

export type VectorResult = { ok: true; samples: VectorSample[] } | { ok: false; message: string };

const vectorAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});

/**
 * One instant query, evaluated now or at `atMs`, whose every series is wanted with its labels (the figures' client reads exactly one number).
 * Like every answer from the team's engines it is capped, under one deadline and checked before use.
 */
export async function queryVector(options: VectorClientOptions, query: string, atMs?: number): Promise<VectorResult> {
  const url = new URL(`${options.url.replace(/\/+$/, '')}/api/v1/query`);
  url.searchParams.set('query', query);
  if (atMs !== undefined) url.searchParams.set('time', String(atMs / 1000));
  const answer = await engineRequest(url, {
    dispatcher: options.dispatcher,
    method: 'GET',
    headers: { accept: 'application/json', ...options.headers },
    deadlineMs: options.timeoutMs,
    maxBytes: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    signal: options.signal,
  });
  if (!answer.ok) return { ok: false, message: `prometheus: ${answer.message}` };
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return { ok: false, message: `prometheus: HTTP ${answer.status} with a body that is not the Prometheus API's JSON` };
  }
  const body = vectorAnswer.safeParse(json);
  if (!body.success) {
    const error = (json as { error?: unknown } | null)?.error;
    return { ok: false, message: `prometheus: HTTP ${answer.status}: ${typeof error === 'string' ? sanitize(error).slice(0, 200) : 'not an instant vector'}` };
  }
  return { ok: true, samples: body.data.data.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) })) };
}
