import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alarm, AlarmEvent, AlarmEventKind } from '../../source/alerts/types.js';
import { parseConfigText } from '../../source/config/load.js';
import type { Config } from '../../source/config/types.js';
import type { Message } from '../../source/notify/message.js';
import { toMessageItem } from '../../source/notify/stages/route.js';

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
  private server: Server | undefined;
  private replies: Reply[] = [];

  constructor(private fallback: Reply = { status: 200, body: 'ok' }) {}

  /** The next requests get these answers, in order; after them, the fallback. */
  script(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  async listen(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
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
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A loopback port nobody listens on (for "receiver down"). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'api-health-notify-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const T0 = Date.UTC(2026, 10, 3, 9, 0, 0);

export function alarm(overrides: Partial<Alarm> = {}): Alarm {
  const apiId = overrides.apiId ?? 'search';
  const rule = overrides.rule ?? 'High5xx';
  return {
    id: `${apiId}/${rule}`,
    apiId,
    team: 'mwi',
    rule,
    metric: 'error_rate_5xx',
    severity: 'critical',
    state: 'firing',
    comparison: 'above',
    value: 0.041,
    threshold: 0.02,
    since: T0,
    startedAt: T0 - 60_000,
    firingAt: T0,
    transitions: [],
    flapping: false,
    escalationLevel: 0,
    summary: '5xx rate 4.1% above 2%',
    ...overrides,
  };
}

export function event(kind: AlarmEventKind, a: Alarm = alarm(), extra: Partial<AlarmEvent> = {}): AlarmEvent {
  return { kind, at: a.since, alarm: a, ...extra };
}

/** A config through the real loader, so channel keys are exactly what users write. */
export function config(yaml: string, env: NodeJS.ProcessEnv = {}): Config {
  const base = `
teams:
  mwi: { name: MediaWiki Interfaces, notify: [] }
  search: { name: Search Platform, notify: [] }
apis:
  search: { name: Search API, url: "https://api.example.org/search", owner: mwi, dashboard: "https://grafana.example.org/d/search", runbook: "https://wikitech.example.org/Search" }
  other: { name: Other API, url: "https://api.example.org/other", owner: search }
`;
  return parseConfigText(`${base}${yaml}`, 'test.yaml', env);
}

/** Lets real socket I/O happen between steps of a manual clock. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A message as the pipeline would build it for one channel, through the real routing stage. */
export function message(cfg: Config, channel: string, events: AlarmEvent[], now = T0): Message {
  const items = events.map((e) => toMessageItem(e, cfg, 'routes[0]', now));
  return { id: 'm-1', channel, groupKey: `${channel}/${items[0]?.alarm.team ?? ''}`, team: items[0]?.alarm.team, createdAt: now, items };
}
