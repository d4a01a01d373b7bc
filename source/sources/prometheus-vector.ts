import { request, type Dispatcher } from 'undici';

/** One series of an instant vector: its labels and its value. */
export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

export interface VectorClientOptions {
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher: Dispatcher;
  timeoutMs: number;
}

export type VectorResult = { ok: true; samples: VectorSample[] } | { ok: false; message: string };

/** One instant query whose every series is wanted with its labels (the figures' client reads exactly one number). */
export async function queryVector(options: VectorClientOptions, query: string): Promise<VectorResult> {
  const url = new URL(`${options.url.replace(/\/+$/, '')}/api/v1/query`);
  url.searchParams.set('query', query);
  try {
    const response = await request(url, {
      dispatcher: options.dispatcher,
      headers: { accept: 'application/json', ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.body.text();
    const body = JSON.parse(text) as { status?: string; error?: string; data?: { resultType?: string; result?: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || body.data?.resultType !== 'vector') return { ok: false, message: `prometheus: HTTP ${response.statusCode}: ${body.error ?? 'not a vector'}` };
    return { ok: true, samples: (body.data.result ?? []).map((s) => ({ labels: s.metric, value: Number(s.value[1]) })) };
  } catch (error) {
    return { ok: false, message: `prometheus: ${(error as Error).message}` };
  }
}
