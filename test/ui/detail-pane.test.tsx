import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DetailPane } from '../../source/ui/DetailPane.js';
import { createPainter } from '../../source/ui/paint.js';
import type { Theme } from '../../source/ui/theme.js';
import { fleetStore } from '../helpers/fleet.js';
import { SECRET, secretFleet } from '../helpers/secret-fleet.js';
import { summary } from '../helpers/summaries.js';
import { configFrom } from '../helpers/config.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

/** One API read from Prometheus beside its probe, with the figures a test gives it. */
function sourcedPane(patch: Parameters<typeof summary>[0]): string {
  const config = configFrom({
    sources: { prom: { type: 'prometheus', url: 'http://127.0.0.1:9090' } },
    apis: { aqs: { url: 'http://127.0.0.1:1/aqs', source: 'prom', queries: { error_rate_5xx: 'q5', latency_p95: 'q95', availability: 'qa' } } },
  });
  const store = fleetStore({ config, metrics: { aqs: summary(patch) } });
  return render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={200} height={40} />).lastFrame() ?? '';
}

afterEach(() => cleanup());

describe('detail pane', () => {
  it('draws a latency chart rows high with its axis, min, p95, max and span, and the 5xx rate beside it', () => {
    const history = [40, 60, 1190, 50, Number.NaN, 45];
    const store = fleetStore({ metrics: { 'mw-page': summary({ history, latency: { p50: 50, p95: 1190, p99: 1190 }, errorRate5xx: 1 / 6 }) } });
    const lines = (render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={120} height={40} />).lastFrame() ?? '').split('\n');
    const top = lines.findIndex((l) => l.includes('1190 ms ┤'));
    expect(lines[top]).toMatch(/^history\s+1190 ms ┤ {2}█ {6}5xx rate$/);
    expect(lines[top + 1]).toMatch(/┤ {2}█ {6}17%$/);
    expect(lines[top + 5]).toMatch(/0 ms ┤▂▂█▂×▂$/);
    expect(lines[top + 7]).toContain('min 40 ms   p95 1190 ms   max 1190 ms   last 1m (6 probes, 1 failed ×)');
  });

  it('shows the URL and error messages with ${VAR} values redacted', () => {
    const timedOut = summary({
      recentErrors: [{ at: Date.parse('2026-01-01T11:59:30Z'), outcome: 'timeout', message: `GET https://api.example.org/v1/search?key=${SECRET} took too long` }],
    });
    const store = fleetStore({ config: secretFleet(), metrics: { keyed: timedOut, twin: timedOut } });
    const view = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={120} height={40} />);
    const frame = view.lastFrame() ?? '';
    expect(frame).toContain('GET https://api.example.org/v1/search?key=[redacted]');
    expect(frame).toContain('key=[redacted] took too long');
    expect(frame).not.toContain(SECRET);
  });

  it('says since when the API has throttled us, what it asked and what we wait instead', () => {
    const since = new Date(2026, 0, 1, 11, 58, 30).getTime();
    const throttled = summary({ lastError: 'throttled', throttled: { since, retryAfterMs: 999_999_999_999_000, backoffMs: 10_000 } });
    const store = fleetStore({ config: secretFleet(), metrics: { keyed: throttled, twin: throttled } });
    const view = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={140} height={40} />);
    expect(view.lastFrame()).toContain('throttled     since 11:58:30: HTTP 429 asks to wait 11574074d1h; backing off 10s at most (ten intervals or 10m)');
  });

  it('says which figures came from which source and how old they are, and that the rest are the probe\'s', () => {
    const frame = sourcedPane({
      errorRate5xx: 0.73,
      latency: { p50: 40, p95: undefined, p99: 95 },
      availability: undefined,
      sourced: {
        error_rate_5xx: { source: 'prom', at: NOW - 4_000 },
        latency_p95: { source: 'prom', at: NOW - 45_000, staleValue: 120 },
        availability: { source: 'prom' },
      },
    });
    expect(frame).toContain('5xx from prom 4s ago   p95 from prom: stale, 120 ms 45s ago   availability from prom: no data   the rest from probes');
    expect(frame).toContain('5xx 73%   errors 0%   availability no data');
  });

  it('shows a firing rule held without data as such', () => {
    const config = configFrom({ apis: { page: { url: 'http://127.0.0.1:1/page' } } });
    const store = fleetStore({ config, metrics: { page: summary() } });
    store.setState({ ruleStatus: { page: [{ rule: 'High5xx', status: 'firing', noData: true }] } });
    const frame = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={200} height={40} />).lastFrame() ?? '';
    expect(frame).toContain('High5xx: firing (no data)');
  });

  it('shows the certificate: days left, expiry date and issuer', () => {
    const certificate = { notBefore: 0, notAfter: Date.parse('2027-01-12T08:00:00Z'), issuer: "Let's Encrypt R11", subject: 'en.wikipedia.org', sans: [], unverified: false, daysLeft: 41.6 };
    const store = fleetStore({ config: secretFleet(), metrics: { keyed: summary(), twin: summary({ certificate }) } });
    const view = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={120} height={40} />);
    expect(view.lastFrame()).toContain("certificate   valid 41 days, until 2027-01-12, Let's Encrypt R11");
  });

  it('says a certificate read without verification was not verified', () => {
    const certificate = { notBefore: 0, notAfter: Date.parse('2026-12-01T08:00:00Z'), issuer: 'Test CA', subject: 'x', sans: [], unverified: true, daysLeft: -1.5 };
    const store = fleetStore({ config: secretFleet(), metrics: { keyed: summary(), twin: summary({ certificate }) } });
    const view = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={120} height={40} />);
    expect(view.lastFrame()).toContain('certificate   expired 1 day ago, on 2026-12-01, Test CA (not verified: tls.insecure)');
  });
});
