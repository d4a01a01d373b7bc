import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback-server.js';

/** What the server does for one request; every field is optional and the default is a fast 200 "ok". */
export interface Behaviour {
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Sends `body` gzip-compressed (pair it with a content-encoding: gzip header). */
  gzip?: boolean;
  /** Sends this many bytes of body instead of `body`. */
  bodyBytes?: number;
  /** Writes the body forever, in chunks, until the client goes away. */
  endless?: boolean;
  /** Sends the body as `chunks` small pieces, `everyMs` apart. */
  trickle?: { chunks: number; everyMs: number };
  /** Destroys the socket instead of answering. */
  reset?: boolean;
}

export interface TestServer {
  url: string;
  port: number;
  /** Requests answered so far, in arrival order. */
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  /** How long each answered request took on the server's side, in ms: the delay as actually served. */
  served: number[];
  /** TCP connections accepted so far. */
  connections: number;
  /** Bytes written by endless bodies, to show the client stopped reading. */
  endlessBytes: number;
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1 with a random port. `behave` is asked for each request (with its
 * 1-based number), so a test can inject delays, statuses, body sizes, endless bodies and resets.
 */
export async function startServer(behave: (n: number, req: IncomingMessage) => Behaviour = () => ({})): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const state: TestServer = {
    url: '',
    port: 0,
    requests: [],
    served: [],
    connections: 0,
    endlessBytes: 0,
    close: async () => {},
  };
  const loopback = await listenOnLoopback((req, res) => {
    state.requests.push({ url: req.url ?? '/', headers: req.headers });
    const arrived = performance.now();
    res.once('finish', () => state.served.push(performance.now() - arrived));
    const behaviour = behave(state.requests.length, req);
    const answer = (): void => respond(behaviour, req, res, state, timers);
    if (behaviour.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, behaviour.delayMs);
      timers.add(timer);
    } else answer();
  });
  loopback.server.keepAliveTimeout = 60_000;
  loopback.server.on('connection', () => state.connections++);
  state.port = loopback.port;
  state.url = loopback.url();
  state.close = () => {
    for (const timer of timers) clearTimeout(timer);
    return loopback.close();
  };
  return state;
}

function respond(b: Behaviour, req: IncomingMessage, res: ServerResponse, state: TestServer, timers: Set<NodeJS.Timeout>): void {
  if (b.reset) {
    req.socket.destroy();
    return;
  }
  res.writeHead(b.status ?? 200, { 'content-type': 'text/plain', ...b.headers });
  if (b.endless) {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk)) state.endlessBytes += chunk.length;
      if (!res.destroyed) {
        state.endlessBytes += chunk.length;
        res.once('drain', pump);
      }
    };
    res.on('error', () => {});
    pump();
    return;
  }
  if (b.bodyBytes !== undefined) {
    res.end(Buffer.alloc(b.bodyBytes, 'a'));
    return;
  }
  if (b.trickle) {
    let sent = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (sent === b.trickle!.chunks) {
        res.end();
        return;
      }
      sent++;
      res.write('.');
      const timer = setTimeout(() => {
        timers.delete(timer);
        next();
      }, b.trickle!.everyMs);
      timers.add(timer);
    };
    next();
    return;
  }
  if (b.gzip) {
    res.end(gzipSync(b.body ?? 'ok'));
    return;
  }
  res.end(b.body ?? 'ok');
}
