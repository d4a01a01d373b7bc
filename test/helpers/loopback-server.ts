import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real node:http server on 127.0.0.1; what it answers is the caller's business. */
export interface LoopbackServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  /** Drops every open connection (keep-alive, endless bodies) and stops listening. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port` 0: a random free one) and answers with `handler`. */
export async function listenOnLoopback(handler: RequestListener, port = 0): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: (path = '') => `http://127.0.0.1:${bound}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound once, then released): for a server to start on later, or "nobody answers". */
export async function freePort(): Promise<number> {
  const { port, close } = await listenOnLoopback(() => {});
  await close();
  return port;
}
