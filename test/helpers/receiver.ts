import type { IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A real HTTP receiver on loopback that records every request and answers as scripted (default 200 ok). */
export class Receiver {
  readonly requests: Received[] = [];
  private server: LoopbackServer | undefined;
  private replies: Reply[] = [];

  constructor(private fallback: Reply = { status: 200, body: 'ok' }) {}

  /** The next requests get these answers, in order; after them, the fallback. */
  script(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  async listen(port = 0): Promise<number> {
    this.server = await listenOnLoopback((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, text, json });
        const reply = this.replies.shift() ?? this.fallback;
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      });
    }, port);
    return this.server.port;
  }

  url(path = '/'): string {
    return this.server!.url(path);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
