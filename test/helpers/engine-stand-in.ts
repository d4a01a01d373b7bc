import type { ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

/** How the stand-in answers one endpoint: a JSON value, a body of this many bytes streamed, or one byte every so often. */
export type StandInAnswer = { json: unknown } | { hugeBytes: number } | { trickleEveryMs: number };

const vector = (value: string) => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, value] }] } });
const matrix = () => ({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[Date.now() / 1000 - 1, '0.01']] }] } });

/**
 * One loopback server standing in for both team engines (Alertmanager's v2 API and Prometheus' query API),
 * answering whatever each test sets: well-formed by default, or wrong shapes, endless bodies and trickles,
 * the failures a real engine (or a proxy in front of it) can produce.
 */
export class EngineStandIn {
  silences: StandInAnswer = { json: [] };
  alerts: StandInAnswer = { json: [] };
  query: StandInAnswer = { json: vector('1') };
  queryRange: StandInAnswer = { json: matrix() };
  /** Bytes written for big and trickled answers, so a test can tell the client stopped reading. */
  bytesStreamed = 0;
  readonly requests: string[] = [];
  private server: LoopbackServer | undefined;

  async listen(): Promise<string> {
    this.server = await listenOnLoopback((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push(`${req.method} ${path}`);
      req.resume();
      if (req.method === 'POST' && path === '/api/v2/silences') return this.answer(res, { json: { silenceID: 'stand-in-silence' } });
      if (req.method !== 'GET') return this.answer(res, { json: '' });
      if (path === '/api/v2/silences') return this.answer(res, this.silences);
      if (path === '/api/v2/alerts') return this.answer(res, this.alerts);
      if (path === '/api/v1/query') return this.answer(res, this.query);
      if (path === '/api/v1/query_range') return this.answer(res, this.queryRange);
      if (path === '/-/ready' || path === '/-/healthy') return this.answer(res, { json: 'ok' });
      res.writeHead(404).end();
    });
    return this.server.url();
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private answer(res: ServerResponse, answer: StandInAnswer): void {
    if ('json' in answer) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
      return;
    }
    // No content-length: the client learns the size only by reading, as from a proxy streaming an endless answer.
    res.writeHead(200, { 'content-type': 'application/json' });
    if ('trickleEveryMs' in answer) {
      res.write('[');
      const timer = setInterval(() => {
        this.bytesStreamed += 1;
        res.write(' ');
      }, answer.trickleEveryMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const chunk = Buffer.from(`${'{"id":"x","comment":"padding padding padding padding"},'.repeat(1_000)}`);
    let left = answer.hugeBytes;
    let closed = false;
    res.on('close', () => (closed = true));
    res.write('[');
    const pump = (): void => {
      while (!closed && left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        this.bytesStreamed += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!closed) res.end('{}]');
    };
    pump();
  }
}
