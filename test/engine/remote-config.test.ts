import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { remoteConfig } from '../../source/engine/remote-config.js';

/** Issue 21, finding 10: --remote reads plain-HTTP APIs as check does, not as failing for want of a certificate. */
describe('remoteConfig', () => {
  const config = remoteConfig(
    parseConfigText(
      `shared: { alertmanager: "http://127.0.0.1:9093", prometheus: "http://127.0.0.1:9090" }
apis:
  plain: { url: "http://127.0.0.1:8080/health" }
  secure: { url: "https://api.example.org/health" }
`,
      'remote.yaml',
      {},
    ),
  );
  const queries = (id: string) => Object.keys(config.apis.find((a) => a.id === id)!.queries);

  it('asks Prometheus for no certificate figure of a plain-HTTP API', () => {
    expect(queries('plain')).not.toContain('certificate_days_left');
    expect(queries('plain')).toContain('availability');
  });

  it('asks for the certificate of an HTTPS API', () => {
    expect(queries('secure')).toContain('certificate_days_left');
  });
});
