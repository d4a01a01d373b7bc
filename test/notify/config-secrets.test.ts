import { describe, expect, it } from 'vitest';
import { configSecrets } from '../../source/notify/config-secrets.js';
import { config } from './helpers.js';

describe('notification secrets', () => {
  it('collects environment values and each channel type\'s secrets from the config', () => {
    const cfg = config(
      `channels:
  s: { type: slack, url: "https://hooks.slack.example/services/T/B/tok" }
  t: { type: teams, url: "https://teams.example/wf?sig=abc123" }
  w: { type: webhook, url: "https://example.org/hook", headers: { Authorization: "Bearer x-token" } }
  p: { type: pagerduty, routingKey: "\${PD}" }
  m: { type: email, to: a@example.org, from: b@example.org, smtp: { host: h, pass: smtp-pass } }
  a: { type: alertmanager, url: "http://u:am-pass@127.0.0.1:9093" }
  d: { type: terminal }
`,
      { PD: 'pd-routing-key' },
    );
    expect(configSecrets(cfg).sort()).toEqual(
      [
        'pd-routing-key',
        'https://hooks.slack.example/services/T/B/tok',
        '/services/T/B/tok',
        'https://teams.example/wf?sig=abc123',
        '/wf?sig=abc123',
        'Bearer x-token',
        'https://example.org/hook',
        '/hook',
        'pd-routing-key',
        'smtp-pass',
        'am-pass',
        'u:am-pass',
        'Basic dTphbS1wYXNz',
        'dTphbS1wYXNz',
      ].sort(),
    );
  });
});
