import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../source/channel-schemas/schemas.js';
import { ConfigError, parseConfigText } from '../../source/config/load.js';

const BASE = 'apis:\n  a: { url: "https://example.org/a" }\nchannels:\n';

/** One minimal channel of each type, as a user writes it, with `extra` keys appended. */
const CHANNELS: Record<string, (extra: string) => string> = {
  slack: (extra) => `{ type: slack, url: "https://hooks.slack.com/services/T/B/x"${extra} }`,
  email: (extra) => `{ type: email, to: a@example.org, from: b@example.org, smtp: { host: 127.0.0.1 }${extra} }`,
  pagerduty: (extra) => `{ type: pagerduty, routingKey: k0123456789${extra} }`,
  alertmanager: (extra) => `{ type: alertmanager, url: "http://127.0.0.1:9093"${extra} }`,
  webhook: (extra) => `{ type: webhook, url: "http://127.0.0.1/hook"${extra} }`,
  teams: (extra) => `{ type: teams, url: "https://example.org/workflows"${extra} }`,
  terminal: (extra) => `{ type: terminal${extra} }`,
  irc: (extra) => `{ type: irc, server: irc.libera.chat, nick: apihealth, channels: "#wikimedia-operations"${extra} }`,
  phabricator: (extra) => `{ type: phabricator, url: "https://phabricator.example.org", token: api-0123456789${extra} }`,
  'splunk-oncall': (extra) => `{ type: splunk-oncall, apiKey: k0123456789, routingKey: mwi${extra} }`,
};

function channel(type: string, extra = ''): string {
  return `${BASE}  c: ${CHANNELS[type]!(extra)}\n`;
}

/** The errors for a webhook channel with this timeout, as the user sees them; located at its key, line 7. */
function timeoutErrors(value: string): string[] {
  try {
    parseConfigText(`${BASE}  c:\n    type: webhook\n    url: "http://127.0.0.1/hook"\n    timeout: ${value}\n`, 'api-health.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a config error');
}

describe('channel timeout', () => {
  it('has a sample of every channel type here', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual([...CHANNEL_TYPES].sort());
  });

  it.each(CHANNEL_TYPES)('is 30s on a %s channel that does not set it', (type) => {
    expect(parseConfigText(channel(type), 'api-health.yaml', {}).channels.c!.timeout).toBe(30_000);
  });

  it.each(CHANNEL_TYPES)('is read as a duration on a %s channel', (type) => {
    expect(parseConfigText(channel(type, ', timeout: 1.5s'), 'api-health.yaml', {}).channels.c!.timeout).toBe(1_500);
  });

  it('refuses what is not a duration, like every duration in the config', () => {
    expect(timeoutErrors('soon')).toEqual([
      'api-health.yaml:7:5: channels.c.timeout: invalid duration "soon" (use e.g. 500ms, 10s, 5m, 1h, 2d)',
    ]);
  });

  it('refuses a bare number, which would leave the unit to a guess', () => {
    expect(timeoutErrors('10')).toEqual(['api-health.yaml:7:5: channels.c.timeout: expected a duration such as 500ms, 10s, 5m, 1h or 2d, got number 10']);
  });

  it('refuses zero', () => {
    expect(timeoutErrors('0s')).toEqual(['api-health.yaml:7:5: channels.c.timeout: must be longer than 0 (e.g. 10s)']);
  });

  it('refuses more than 5m, which would hold up every message behind a stuck one', () => {
    expect(timeoutErrors('6m')).toEqual([
      'api-health.yaml:7:5: channels.c.timeout: must be at most 5m (the channel sends nothing else while it waits)',
    ]);
  });
});
