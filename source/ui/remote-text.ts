import { formatDuration } from '../core/duration.js';
import type { EngineRead, RemoteStatus } from '../state/alarm-view.js';
import { sanitize } from '../text/sanitize.js';

/** A read older than this many polls is stale even before a request fails (a hung engine). */
const STALE_POLLS = 3;

interface EngineMark {
  text: string;
  stale: boolean;
}

const ENGINES = [
  ['am', 'Alertmanager', 'alertmanager'],
  ['prom', 'Prometheus', 'prometheus'],
] as const;

function mark(short: string, read: EngineRead | undefined, now: number, pollMs: number): EngineMark {
  const age = read?.readAt === undefined ? undefined : Math.max(0, now - read.readAt);
  const stale = read?.problem !== undefined || age === undefined || age > STALE_POLLS * pollMs;
  const when = age === undefined ? 'never read' : age < 1_000 ? '0s ago' : `${formatDuration(Math.floor(age / 1000) * 1000)} ago`;
  return { text: stale ? `${short} ✗ stale, ${when}` : `${short} ✓ ${when}`, stale };
}

/** The header's mode: `local` (this dashboard probes), or `remote: am ✓ 3s ago prom ✓ 5s ago`, an engine that stopped answering marked stale with its age. */
export function modeText(remote: RemoteStatus | undefined, now: number, pollMs: number): EngineMark {
  if (!remote) return { text: 'local', stale: false };
  const marks = ENGINES.map(([short, , key]) => mark(short, remote[key], now, pollMs));
  return { text: `remote: ${marks.map((m) => m.text).join(' ')}`, stale: marks.some((m) => m.stale) };
}

/** One line naming the engine that does not answer and why; the last state it gave stays on screen. */
export function remoteProblem(remote: RemoteStatus | undefined): string | undefined {
  if (!remote) return undefined;
  const problems = ENGINES.flatMap(([, name, key]) => {
    const problem = remote[key]?.problem;
    return problem === undefined ? [] : [`${name} not answering (${sanitize(problem)}); showing its last state`];
  });
  return problems.length > 0 ? problems.join('; ') : undefined;
}
