import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * The kill -9 campaign: a `monitor` (the built binary) watches a loopback fleet whose APIs fail and recover
 * on their own schedules, and is killed with SIGKILL at random moments (during group waits, deliveries and
 * replays), then restarted on the same state directory. The webhook receiver changes its behaviour every
 * cycle: up, down, slow (answers after the channel's timeout), 500 or 429. Every firing and resolution the
 * monitor announced (its `alarm` lines) must reach the receiver at last; a duplicate is allowed only for a
 * message the receiver answered after its timeout. Transitions of a flapping alarm are logged but, by the
 * notification policy, not announced: they are counted apart. `node dist/bench/kill-campaign.js`; BENCH_KILL_CYCLES (default 24), BENCH_KILL_APIS (60).
 */
const CLI = fileURLToPath(new URL('../source/cli.js', import.meta.url));
const cycles = Number(process.env.BENCH_KILL_CYCLES ?? 24);
const apiCount = Number(process.env.BENCH_KILL_APIS ?? 60);
/** The channel's `timeout` in this campaign's config: a slow receiver answers after it. */
const CHANNEL_TIMEOUT_MS = 2_000;
const MODES = ['up', 'down', 'slow', '500', '429'] as const;
type Mode = (typeof MODES)[number];

/** A deterministic pseudo-random sequence, so a campaign can be run again the same way (BENCH_KILL_SEED). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
const rand = random(Number(process.env.BENCH_KILL_SEED ?? 7));

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** Each API fails for half of its own period, from its own phase: alarms fire and resolve all campaign long. */
const started = Date.now();
const schedule = Array.from({ length: apiCount }, () => ({ periodMs: 14_000 + rand() * 16_000, phase: rand() }));
const fleet = await listen((req, res) => {
  const n = Number(/\/api\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
  const { periodMs, phase } = schedule[n]!;
  const failing = Math.floor((Date.now() - started) / periodMs + phase) % 2 === 1;
  res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' }).end(failing ? '{"error":"boom"}' : '{"ok":true}');
});

interface Delivery {
  key: string;
  late: boolean;
}
const deliveries: Delivery[] = [];
let mode: Mode = 'up';
/** The webhook receiver: up, slow, 500 or 429 by the cycle's mode; "down" closes its port (below). */
const receiver = await listen((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const current = mode;
    if (current === '500') return void res.writeHead(500).end('down for maintenance');
    if (current === '429') return void res.writeHead(429, { 'retry-after': '1' }).end('slow down');
    const record = (late: boolean): void => {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alerts: { status: string; startsAt: string; labels: Record<string, string> }[] };
      for (const alert of payload.alerts) deliveries.push({ key: `${alert.labels.api}/${alert.labels.alertname} ${alert.status} ${alert.startsAt}`, late });
      res.writeHead(200).end('ok');
    };
    if (current === 'slow') setTimeout(() => record(true), CHANNEL_TIMEOUT_MS + 1_000);
    else record(false);
  });
});
const receiverPort = portOf(receiver);

const dir = mkdtempSync(join(tmpdir(), 'api-health-kill-campaign-'));
const config = join(dir, 'api-health.yaml');
writeFileSync(
  config,
  [
    'defaults: { interval: 250ms, timeout: 1s, window: 2s, minSamples: 2 }',
    'apis:',
    ...schedule.map((_, n) => `  api-${n}: { url: "http://127.0.0.1:${portOf(fleet)}/api/${n}" }`),
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 50%, for: 1s, severity: critical }',
    'channels:',
    `  hook: { type: webhook, url: "http://127.0.0.1:${receiverPort}/hook", timeout: ${CHANNEL_TIMEOUT_MS / 1_000}s }`,
    'routes:',
    '  - notify: [hook]',
    'notifications: { groupWait: 3s, groupInterval: 3s, repeat: 4h, resolved: true }',
    '',
  ].join('\n'),
);

/** Every firing and resolution any run of the monitor logged, and those it announced: `api/rule kind startsAt`, as the receiver keys them. */
const transitions = new Map<string, number>();
const announced = new Set<string>();
/** When each alarm was first logged as flapping. */
const flappingSince = new Map<string, number>();
/** What each run said about each alarm (transitions, events, deliveries), to explain a loss. */
const history = new Map<string, string[]>();
let run = 0;
function remember(alarmId: string, text: string): void {
  history.set(alarmId, [...(history.get(alarmId) ?? []), `run ${run}: ${text}`]);
}
function watch(child: ChildProcess): void {
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const entry = JSON.parse(line) as {
        type: string;
        at: string;
        kind?: string;
        alarmId?: string;
        firingAt?: string;
        id?: string;
        event?: string;
        record?: string;
        messageId?: string;
        events?: { kind: string; alarmId: string }[];
      };
      if (entry.type === 'transition' && (entry.kind === 'firing' || entry.kind === 'resolved') && entry.firingAt) {
        transitions.set(`${entry.alarmId} ${entry.kind} ${entry.firingAt}`, Date.parse(entry.at));
      }
      if (entry.type === 'transition' && entry.kind === 'flapping' && entry.alarmId && !flappingSince.has(entry.alarmId)) flappingSince.set(entry.alarmId, Date.parse(entry.at));
      if (entry.type === 'alarm' && (entry.event === 'firing' || entry.event === 'resolved') && entry.firingAt) {
        announced.add(`${entry.id} ${entry.event} ${entry.firingAt}`);
      }
      if (entry.type === 'transition' && entry.alarmId) remember(entry.alarmId, `${entry.at} transition ${entry.kind} firingAt ${entry.firingAt ?? '-'}`);
      if (entry.type === 'alarm' && entry.id) remember(entry.id, `${entry.at} announced ${entry.event} firingAt ${entry.firingAt ?? '-'}`);
      if (entry.type === 'notification' && entry.record !== 'attempt') {
        for (const e of entry.events ?? []) remember(e.alarmId, `${entry.at} ${entry.record} ${e.kind} (message ${entry.messageId?.slice(0, 8)})`);
      }
    }
  });
}

function startMonitor(): ChildProcess {
  run += 1;
  const child = spawn(process.execPath, [CLI, 'monitor', '--config', config, '--state-dir', join(dir, 'state'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  child.once('exit', (code) => {
    if (code !== null && code !== 0) console.error(`monitor exited ${code}: ${stderr}`);
  });
  watch(child);
  return child;
}

const exited = (child: ChildProcess): Promise<void> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve())));

/** "down" is a closed port: connection refused, as when a receiver's host is away. */
async function setMode(next: Mode): Promise<void> {
  if (next === 'down' && mode !== 'down') await new Promise<void>((resolve) => receiver.close(() => resolve()));
  if (next !== 'down' && mode === 'down') await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
  mode = next;
}

console.log(`kill -9 campaign: ${cycles} cycles, ${apiCount} APIs, one webhook (timeout ${CHANNEL_TIMEOUT_MS} ms), state in ${dir}`);
const modesSeen: Record<Mode, number> = { up: 0, down: 0, slow: 0, '500': 0, '429': 0 };
for (let cycle = 1; cycle <= cycles; cycle++) {
  const next = MODES[Math.floor(rand() * MODES.length)]!;
  modesSeen[next] += 1;
  await setMode(next);
  const child = startMonitor();
  await sleep(2_000 + rand() * 8_000);
  child.kill('SIGKILL');
  await exited(child);
  for (const alarmId of history.keys()) remember(alarmId, `${new Date().toISOString()} killed`);
  process.stdout.write(`cycle ${String(cycle).padStart(2)}: receiver ${next.padEnd(4)}, ${announced.size} announced so far\n`);
}

// The last run drains: receiver up, no kill, stopped by SIGTERM once the outbox had time to empty.
await setMode('up');
const final = startMonitor();
await sleep(20_000);
final.kill('SIGTERM');
await exited(final);
await sleep(CHANNEL_TIMEOUT_MS + 1_500);

const received = new Map<string, Delivery[]>();
for (const delivery of deliveries) received.set(delivery.key, [...(received.get(delivery.key) ?? []), delivery]);
const lost = [...announced].filter((key) => !received.has(key));
const unannounced = [...transitions.keys()].filter((key) => !announced.has(key));
const whileFlapping = unannounced.filter((key) => (flappingSince.get(key.split(' ')[0]!) ?? Infinity) <= transitions.get(key)!);
const duplicates = [...received.values()].filter((list) => list.length > 1);
const unexplained = duplicates.filter((list) => list.slice(1).every((d) => !d.late) && list.every((d) => !d.late));
console.log(
  [
    '',
    `receiver modes: ${Object.entries(modesSeen).map(([m, n]) => `${m} ${n}`).join(', ')}`,
    `firing/resolved transitions logged: ${transitions.size}, not announced: ${unannounced.length} (${whileFlapping.length} of them while the alarm was flapping), of those delivered anyway: ${unannounced.filter((key) => received.has(key)).length}`,
    `announced: ${announced.size}`,
    `lost (announced, never reached the receiver): ${lost.length} (${announced.size === 0 ? 0 : ((100 * lost.length) / announced.size).toFixed(1)}%)`,
    `duplicates: ${duplicates.length}, of which after a slow answer past the timeout: ${duplicates.length - unexplained.length}, unexplained: ${unexplained.length}`,
    ...unannounced.filter((key) => !whileFlapping.includes(key)).slice(0, 10).flatMap((key) => [`  not announced, not flapping: ${key}`, ...(history.get(key.split(' ')[0]!) ?? []).map((line) => `    ${line}`)]),
    ...lost.slice(0, 10).flatMap((key) => [`  lost: ${key}`, ...(history.get(key.split(' ')[0]!) ?? []).map((line) => `    ${line}`)]),
    ...unexplained.slice(0, 10).map((list) => `  duplicate: ${list[0]!.key} x${list.length}`),
  ].join('\n'),
);
fleet.close();
receiver.close();
rmSync(dir, { recursive: true, force: true });
process.exit(lost.length === 0 && unexplained.length === 0 && whileFlapping.length === unannounced.length ? 0 : 1);
