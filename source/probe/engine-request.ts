import { request, type Dispatcher } from 'undici';
import type { Outcome } from '../core/probe-sample.js';
import { classifyError } from './classify.js';

export interface EngineRequest {
  dispatcher: Dispatcher;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string | undefined;
  /** The whole exchange, connect to the last byte: a server that trickles cannot hold a poll past it. */
  deadlineMs: number;
  /** A longer answer is dropped unread: one engine cannot fill this process's memory. */
  maxBytes: number;
  /** Aborts the request at once (the process is stopping). */
  signal?: AbortSignal | undefined;
}

export type EngineAnswer = { ok: true; status: number; text: string } | { ok: false; outcome: Outcome; message: string };

/**
 * One request to a team engine, read whole only when it fits: the answer's size is checked against `maxBytes`
 * as it arrives (and up front when the server says its length), and the exchange ends at `deadlineMs` or when
 * `signal` aborts, whichever comes first. Failures are values with a reason a person can act on.
 */
export async function engineRequest(url: string | URL, options: EngineRequest): Promise<EngineAnswer> {
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let response: Dispatcher.ResponseData | undefined;
  try {
    response = await request(url, {
      dispatcher: options.dispatcher,
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal,
      headersTimeout: options.deadlineMs,
      bodyTimeout: options.deadlineMs,
    });
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge(response, options.maxBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.maxBytes) return tooLarge(response, options.maxBytes);
      chunks.push(chunk);
    }
    return { ok: true, status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    response?.body.destroy();
    if (options.signal?.aborted) return { ok: false, outcome: 'error', message: 'stopped' };
    if (deadline.aborted) return { ok: false, outcome: 'timeout', message: `no whole answer within ${formatSeconds(options.deadlineMs)}` };
    return { ok: false, ...classifyError(error) };
  }
}

function tooLarge(response: Dispatcher.ResponseData, maxBytes: number): EngineAnswer {
  response.body.destroy();
  return { ok: false, outcome: 'error', message: `answer larger than ${formatBytes(maxBytes)} (shared.maxAnswerBytes); not read` };
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
