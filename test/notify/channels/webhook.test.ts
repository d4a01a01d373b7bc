import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { fingerprint } from '../../../source/notify/channels/alert-labels.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { Receiver } from '../../helpers/receiver.js';
import { alarm, config, event, message, T0 } from '../helpers.js';

describe('webhook channel', () => {
  let receiver: Receiver;
  beforeEach(() => {
    receiver = new Receiver();
  });
  afterEach(() => receiver.close());

  it('posts the Alertmanager webhook v4 shape with the configured headers', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}", headers: { Authorization: "Bearer \${T}" } }\n`, { T: 'tok-123456' });
    const resolved = alarm({ rule: 'HighLatency', metric: 'latency_p95', severity: 'warning', value: 600, threshold: 800, summary: 'p95 latency 600ms above 800ms', state: 'resolved', resolvedAt: T0 + 600_000 });
    const result = await createChannel(cfg.channels.hook!, { clock: new ManualClock(T0) }).send(
      message(cfg, 'hook', [event('firing'), event('resolved', resolved, { at: T0 + 600_000 })]),
    );
    expect(result.ok).toBe(true);
    const request = receiver.requests[0]!;
    expect(request.headers.authorization).toBe('Bearer tok-123456');
    const firingLabels = { alertname: 'High5xx', team: 'mwi', severity: 'critical', api: 'search', family: 'Other' };
    const resolvedLabels = { alertname: 'HighLatency', team: 'mwi', severity: 'warning', api: 'search', family: 'Other' };
    expect(request.json).toEqual({
      version: '4',
      groupKey: '{}:{team="mwi"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'hook',
      groupLabels: { team: 'mwi' },
      commonLabels: { team: 'mwi', api: 'search', family: 'Other' },
      commonAnnotations: {
        runbook: 'https://wikitech.example.org/Search',
        dashboard: 'https://grafana.example.org/d/search',
      },
      externalURL: '',
      alerts: [
        {
          status: 'firing',
          labels: firingLabels,
          annotations: {
            summary: 'Search API: 5xx rate above 2%',
            description: 'High5xx firing: 5xx rate 4.1% above 2%',
            runbook: 'https://wikitech.example.org/Search',
            dashboard: 'https://grafana.example.org/d/search',
            sla: 'triage due in 15m',
            event: 'firing',
          },
          startsAt: '2026-11-03T09:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://grafana.example.org/d/search',
          fingerprint: fingerprint(firingLabels),
        },
        {
          status: 'resolved',
          labels: resolvedLabels,
          annotations: {
            summary: 'Search API: p95 latency above 800ms',
            description: 'HighLatency resolved: p95 latency 600ms, below 800ms',
            runbook: 'https://wikitech.example.org/Search',
            dashboard: 'https://grafana.example.org/d/search',
            event: 'resolved',
          },
          startsAt: '2026-11-03T09:00:00.000Z',
          endsAt: '2026-11-03T09:10:00.000Z',
          generatorURL: 'https://grafana.example.org/d/search',
          fingerprint: fingerprint(resolvedLabels),
        },
      ],
    });
  });

  it('names the message in Idempotency-Key and X-Api-Health-Message-Id, over configured headers of those names', async () => {
    await receiver.listen();
    const cfg = config(`channels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}", headers: { Idempotency-Key: fixed, X-Api-Health-Message-Id: fixed } }\n`);
    await createChannel(cfg.channels.hook!, { clock: new ManualClock(T0) }).send({ ...message(cfg, 'hook', [event('firing')]), id: '6f1c0e2a-0b7d-4d55-9a43-2f0c7f6b9e11' });
    expect(receiver.requests[0]!.headers).toMatchObject({
      'idempotency-key': '6f1c0e2a-0b7d-4d55-9a43-2f0c7f6b9e11',
      'x-api-health-message-id': '6f1c0e2a-0b7d-4d55-9a43-2f0c7f6b9e11',
    });
  });

  it('fingerprints are stable and differ per label set', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
});
