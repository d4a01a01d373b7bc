import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP API on loopback whose status the test switches (200 healthy, 500 failing) while probes run. */
export class LoopbackApi {
  status: number;
  requests = 0;
  private server: Server | undefined;

  constructor(status = 200) {
    this.status = status;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      req.resume();
      res.writeHead(this.status, { 'content-type': 'application/json' });
      res.end(this.status < 400 ? '{"ok":true}' : '{"error":"boom"}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/health`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
