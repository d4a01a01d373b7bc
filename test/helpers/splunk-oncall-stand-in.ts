import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

export interface SplunkAlert {
  apiKey: string;
  routingKey: string;
  body: Record<string, unknown>;
}

const MESSAGE_TYPES = new Set(['CRITICAL', 'WARNING', 'INFO', 'ACKNOWLEDGEMENT', 'RECOVERY']);

/**
 * Splunk On-Call cannot run here: a loopback stand-in for its REST endpoint integration, at the documented
 * path `/integrations/generic/20131114/alert/API_KEY/ROUTING_KEY`. It takes JSON with a known
 * `message_type` and answers `{"result":"success","entity_id":...}`; a wrong key, a missing or unknown
 * message_type, or a body that is not JSON gets `{"result":"failure","message":...}` with HTTP 400.
 */
export class SplunkOncallStandIn {
  readonly alerts: SplunkAlert[] = [];
  private server: LoopbackServer | undefined;

  constructor(private readonly apiKey: string) {}

  async listen(port = 0): Promise<string> {
    this.server = await listenOnLoopback((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const fail = (message: string) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ result: 'failure', message }));
        };
        const match = /^\/integrations\/generic\/20131114\/alert\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return fail('Not found');
        const [, apiKey = '', routingKey = ''] = match.map(decodeURIComponent);
        if (apiKey !== this.apiKey) return fail('Invalid API key');
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return fail('Could not parse JSON');
        }
        if (!MESSAGE_TYPES.has(String(body.message_type))) return fail(`Invalid message_type: ${String(body.message_type)}`);
        this.alerts.push({ apiKey, routingKey, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: 'success', entity_id: body.entity_id ?? 'generated' }));
      });
    }, port);
    return this.server.url('/integrations/generic/20131114/alert');
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}
