import { describe, expect, it } from 'vitest';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { apiConfig } from '../helpers/config.js';

const certificate = { notBefore: 0, notAfter: Date.UTC(2027, 0, 12), issuer: 'R11', subject: 'x', sans: [], unverified: false };

describe('apihealth_tls_certificate_not_after_seconds', () => {
  it('exposes the expiry of the last certificate read, in Unix seconds, per API', async () => {
    const exporter = new Exporter([apiConfig({ id: 'search', family: 'REST', url: 'https://api.test/' }), apiConfig({ id: 'plain', url: 'http://api.test/' })]);
    exporter.observe({ apiId: 'search', at: 0, outcome: 'ok', status: 200, totalMs: 5, certificate });
    exporter.observe({ apiId: 'plain', at: 0, outcome: 'ok', status: 200, totalMs: 5 });
    const lines = (await exporter.exposition()).split('\n').filter((line) => line.startsWith('apihealth_tls_certificate_not_after_seconds'));
    expect(lines).toEqual([`apihealth_tls_certificate_not_after_seconds{api="search",team="unassigned",family="REST"} ${Date.UTC(2027, 0, 12) / 1000}`]);
  });

  it('follows a renewed certificate', async () => {
    const exporter = new Exporter([apiConfig({ id: 'search', url: 'https://api.test/' })]);
    exporter.observe({ apiId: 'search', at: 0, outcome: 'ok', certificate });
    exporter.observe({ apiId: 'search', at: 1, outcome: 'ok', certificate: { ...certificate, notAfter: Date.UTC(2027, 3, 12) } });
    expect(await exporter.exposition()).toContain(`{api="search",team="unassigned",family="F"} ${Date.UTC(2027, 3, 12) / 1000}`);
  });
});
