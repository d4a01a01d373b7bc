import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

/** A real HTTP API on loopback whose status the test switches (200 healthy, 500 failing) while probes run. */
export class LoopbackApi {
  status: number;
  requests = 0;
  private server: LoopbackServer | undefined;

  constructor(status = 200) {
    this.status = status;
  }

  async listen(): Promise<string> {
    this.server = await listenOnLoopback((req, res) => {
      this.requests += 1;
      req.resume();
      res.writeHead(this.status, { 'content-type': 'application/json' });
      res.end(this.status < 400 ? '{"ok":true}' : '{"error":"boom"}');
    });
    return this.url;
  }

  get url(): string {
    return this.server!.url('/health');
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
