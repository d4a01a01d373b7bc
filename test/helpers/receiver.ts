import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
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
  /** Answer this long after the request arrived (it is recorded at once): a receiver slower than the sender's timeout. */
  delayMs?: number;
  /** After `body`, this many bytes more (Infinity: until the sender hangs up), in `chunkBytes` pieces, one every `everyMs` if set. */
  stream?: { bytes: number; chunkBytes?: number; everyMs?: number };
}

/** What a streamed answer came to when its connection closed. */
export interface Streamed {
  bytes: number;
  /** The sender hung up before the whole answer was written. */
  cut: boolean;
}

/** A real HTTP receiver on loopback that records every request and answers as scripted (default 200 ok). */
export class Receiver {
  readonly requests: Received[] = [];
  /** One entry per streamed answer, once its connection has closed. */
  readonly streamed: Streamed[] = [];
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
        const answer = () => {
          res.writeHead(reply.status, reply.headers ?? {});
          if (reply.stream) this.stream(res, reply.body ?? '', reply.stream);
          else res.end(reply.body ?? '');
        };
        if (reply.delayMs === undefined) answer();
        else setTimeout(answer, reply.delayMs);
      });
    }, port);
    return this.server.port;
  }

  /** Writes as fast as the sender reads (or one chunk per `everyMs`) until `bytes` are out or the sender hangs up. */
  private stream(res: ServerResponse, head: string, { bytes, chunkBytes = 64 * 1024, everyMs }: NonNullable<Reply['stream']>): void {
    const chunk = Buffer.alloc(chunkBytes, 'x');
    let sent = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      this.streamed.push({ bytes: sent, cut: sent < bytes });
    });
    res.write(head);
    const pump = (): void => {
      while (!closed && sent < bytes) {
        const piece = bytes - sent < chunk.length ? chunk.subarray(0, bytes - sent) : chunk;
        sent += piece.length;
        const more = res.write(piece);
        if (everyMs !== undefined) {
          setTimeout(pump, everyMs);
          return;
        }
        if (!more) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end();
    };
    pump();
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
