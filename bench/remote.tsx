import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Text } from 'ink';
import { useState, type ReactElement } from 'react';
import { parseConfigText } from '../source/config/load.js';
import { createRuntime } from '../source/engine/runtime.js';
import type { FleetStore } from '../source/state/fleet-state.js';
import { App } from '../source/ui/App.js';
import { createPainter } from '../source/ui/paint.js';
import { loadTheme } from '../source/ui/theme.js';
import { median } from './fleet.js';
import { BenchKeyboard, mount } from './render.js';
import type { Result } from './result.js';

const painter = createPainter(loadTheme('dark'), true);
const SIZE = { columns: 160, rows: 45 };
const APIS = 200;
const RULES = 25;
const LONG_COMMENTS = 100;
const LONG_COMMENT_BYTES = 100_000;

export interface RemoteBenchOptions {
  alerts: number;
  silences: number;
  /** Keys typed in each view, one every KEY_GAP_MS, while the dashboard polls. */
  keys: number;
}

const KEY_GAP_MS = 120;
const POLL = '1s';

/**
 * A busy Alertmanager (issue 21, finding 5): `alerts` firing alerts over 200 APIs, `silences` silences over them
 * (half `ACK!` silences of single alarms, half mutes of an API's rule, 100 with a 100 KB comment), answered by a
 * loopback stand-in to a live `--remote` runtime that polls it every second. Measured: from a key typed at the
 * dashboard to the frame that shows it (alarms view, then mutes view), and from quitting to the runtime stopped.
 * Baseline in the same run: Ink drawing the same alarms frame as one <Text>.
 */
export async function benchRemote(options: RemoteBenchOptions): Promise<Result[]> {
  const engines = await standIn(options);
  const stateDir = mkdtempSync(join(tmpdir(), 'api-health-bench-remote-'));
  const url = `http://127.0.0.1:${(engines.address() as AddressInfo).port}`;
  const apis = Array.from({ length: APIS }, (_, i) => `  api-${i}: { name: API ${i}, owner: mwi, url: "http://127.0.0.1:1/${i}" }`).join('\n');
  const rules = Array.from({ length: RULES }, (_, r) => `  - { name: Rule${r}, metric: availability, below: 99%, severity: page }`).join('\n');
  const config = parseConfigText(
    `shared: { alertmanager: "${url}", prometheus: "${url}", poll: ${POLL} }\nteams:\n  mwi: { name: MediaWiki Interfaces }\nrules:\n${rules}\napis:\n${apis}\n`,
    'bench.yaml',
    {},
  );
  const runtime = createRuntime(config, { remote: true, persist: true, stateDir, user: 'bench' });
  const keyboard = new BenchKeyboard();
  const { terminal, instance } = mount(<App store={runtime.store} painter={painter} onQuit={() => {}} />, SIZE, () => {}, keyboard);
  let stopped = false;
  try {
    runtime.start();
    const loaded = performance.now();
    await until(() => runtime.store.getState().alarms.length >= Math.min(options.alerts, APIS * RULES), 120_000, 'the alarms from the stand-in');
    const loadMs = performance.now() - loaded;
    keyboard.press('A');
    await until(() => runtime.store.getState().ui.view === 'alarms', 30_000, 'the alarms view');
    const alarmKeys = await typeKeys(runtime.store, keyboard, terminal, options.keys);
    const frame = lastFrame(terminal);
    keyboard.press('M');
    await until(() => runtime.store.getState().ui.view === 'mutes', 30_000, 'the mutes view');
    const muteKeys = await typeKeys(runtime.store, keyboard, terminal, options.keys);
    const wrapped = lastFrame(terminal).split('\n').length > SIZE.rows;
    const quitStarted = performance.now();
    instance.unmount();
    stopped = true;
    await runtime.stop();
    const quitMs = performance.now() - quitStarted;
    const baseline = await inkAloneMs(frame, options.keys);
    const rss = process.memoryUsage().rss / 1024 / 1024;
    const row = (name: string, value: number, unit: string, target?: string, ok?: boolean): Result => ({ name, value, unit, target, ok });
    return [
      row('remote: first alarms on screen', loadMs, 'ms'),
      row('remote: Ink alone, same frame (baseline)', baseline, 'ms'),
      row('remote: key to screen, alarms view, median', median(alarmKeys), 'ms'),
      row('remote: key to screen, alarms view, worst', Math.max(...alarmKeys), 'ms', '< 100 ms', Math.max(...alarmKeys) < 100),
      row('remote: key to screen, alarms view / baseline', median(alarmKeys) / baseline, 'x'),
      row('remote: key to screen, mutes view, median', median(muteKeys), 'ms'),
      row('remote: key to screen, mutes view, worst', Math.max(...muteKeys), 'ms', '< 100 ms', Math.max(...muteKeys) < 100),
      row('remote: mutes frame taller than the terminal', wrapped ? 1 : 0, 'bool', '0', !wrapped),
      row('remote: quit to stopped', quitMs, 'ms', '< 1000 ms', quitMs < 1_000),
      row('remote: RSS after the run', rss, 'MB'),
    ];
  } finally {
    if (!stopped) {
      instance.unmount();
      await runtime.stop();
    }
    await new Promise<void>((resolve) => {
      engines.closeAllConnections();
      engines.close(() => resolve());
    });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** `j` and `k` in turn, each timed from the key to the first frame written after the store took it. */
async function typeKeys(store: FleetStore, keyboard: BenchKeyboard, terminal: ReturnType<typeof mount>['terminal'], count: number): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const ui = store.getState().ui;
    const started = performance.now();
    keyboard.press(n % 2 === 0 ? 'j' : 'k');
    for (;;) {
      await terminal.nextWrite();
      if (store.getState().ui !== ui) break;
    }
    times.push(performance.now() - started);
    await sleep(KEY_GAP_MS);
  }
  return times;
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The last frame Ink wrote (debug mode writes whole frames). */
function lastFrame(terminal: ReturnType<typeof mount>['terminal']): string {
  return terminal.last;
}

/** Ink alone drawing `text` in one <Text>, changed by a character each time: the floor a key press costs. */
async function inkAloneMs(text: string, reps: number): Promise<number> {
  let rerender: (n: number) => void = () => {};
  function Frame(): ReactElement {
    const [n, setN] = useState(0);
    rerender = setN;
    return <Text>{n % 2 === 0 ? text : `${text} `}</Text>;
  }
  const { terminal, instance } = mount(<Frame />, SIZE);
  const times: number[] = [];
  try {
    for (let n = 0; n < reps; n++) {
      const written = terminal.nextWrite();
      const started = performance.now();
      rerender(n + 1);
      await written;
      times.push(performance.now() - started);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    instance.unmount();
  }
  return median(times);
}

/** The loopback Alertmanager and Prometheus: the same big answers every poll, serialized once. */
async function standIn({ alerts, silences }: RemoteBenchOptions): Promise<Server> {
  const now = Date.now();
  const labelsOf = (i: number) => ({ alertname: `Rule${Math.floor(i / APIS) % RULES}`, api: `api-${i % APIS}`, team: 'mwi', severity: 'page' });
  const alertList = JSON.stringify(
    Array.from({ length: alerts }, (_, i) => ({
      labels: { ...labelsOf(i), instance: `host-${i}` },
      annotations: { summary: `API ${i % APIS} is failing` },
      startsAt: new Date(now - i * 1_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    })),
  );
  const long = 'x'.repeat(LONG_COMMENT_BYTES);
  const silenceList = JSON.stringify(
    Array.from({ length: silences }, (_, i) => {
      const labels = labelsOf(i);
      const ack = i % 2 === 0;
      const matchers = (ack ? Object.entries(labels) : [['api', labels.api], ['alertname', labels.alertname]]).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const note = i < LONG_COMMENTS ? long : `silence ${i}`;
      return {
        id: `silence-${i}`,
        matchers,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000 + i).toISOString(),
        createdBy: `person-${i % 7}`,
        comment: ack ? `ACK! ${note}` : note,
        status: { state: 'active' },
      };
    }),
  );
  const vector = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [now / 1000, '0.5'] }] } });
  const matrix = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[now / 1000, '0.05']] }] } });
  const server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/api/v2/alerts' ? alertList : path === '/api/v2/silences' ? silenceList : path === '/api/v1/query_range' ? matrix : path === '/api/v1/query' ? vector : '{}';
    res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'GET' ? body : '{"silenceID":"bench"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
