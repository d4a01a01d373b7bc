import { Agent } from 'undici';
import type { Writable } from 'node:stream';
import type { Config } from '../config/types.js';
import { readVantages } from '../engine/vantage-poller.js';
import { vantageVerdict, type VantageSight } from '../state/vantage-view.js';

/** One API as every vantage sees it now, for `check --all-vantages`. */
export interface ApiAcrossVantages {
  quorum: number;
  vantages: VantageSight[];
  /** Absent while no vantage sees the API failing. */
  verdict?: { scope: 'global' | 'regional'; text: string } | undefined;
}

/**
 * What every vantage reporting to shared.prometheus sees now, per API; undefined (said on stderr) when Prometheus
 * does not answer, so the local report still stands.
 */
export async function otherVantages(config: Config, stderr: Writable): Promise<Record<string, ApiAcrossVantages> | undefined> {
  const shared = config.shared!;
  const dispatcher = new Agent(shared.ca ? { connect: { ca: shared.ca } } : {});
  try {
    const read = await readVantages({ config, prometheus: shared.prometheus!, headers: shared.headers, dispatcher, timeoutMs: config.defaults.timeoutMs, maxAnswerBytes: shared.maxAnswerBytes });
    if (!read.ok) {
      stderr.write(`warning: --all-vantages: ${read.message}\n`);
      return undefined;
    }
    return Object.fromEntries(
      Object.entries(read.states).map(([api, view]) => {
        const verdict = vantageVerdict(view);
        return [api, { ...view, ...(verdict ? { verdict } : {}) }];
      }),
    );
  } finally {
    await dispatcher.close();
  }
}

/** The table's closing section: one line per API that some vantage reports. */
export function formatVantages(states: Record<string, ApiAcrossVantages>, self: string): string {
  const entries = Object.entries(states);
  if (entries.length === 0) return `\nAll vantages (shared.prometheus): no vantage reports these APIs\n`;
  const width = Math.max(...entries.map(([api]) => api.length));
  const lines = entries.map(([api, state]) => {
    const marks = state.vantages.map((v) => `${v.name}${v.name === self ? '*' : ''} ${v.failing ? '✘' : '●'}`).join('  ');
    return `  ${api.padEnd(width)}  ${marks}${state.verdict ? `  ${state.verdict.text} (${state.verdict.scope})` : ''}`;
  });
  return `\nAll vantages (shared.prometheus; * this one):\n${lines.join('\n')}\n`;
}
