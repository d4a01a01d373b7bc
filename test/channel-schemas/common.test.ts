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

describe('channel url', () => {
  /** Every channel type that posts to a URL, with the key written by the user. */
  const URL_CHANNELS: Record<string, (url: string) => string> = {
    slack: (url) => `{ type: slack, url: "${url}" }`,
    teams: (url) => `{ type: teams, url: "${url}" }`,
    webhook: (url) => `{ type: webhook, url: "${url}" }`,
    alertmanager: (url) => `{ type: alertmanager, url: "${url}" }`,
    phabricator: (url) => `{ type: phabricator, url: "${url}", token: api-0123456789 }`,
    pagerduty: (url) => `{ type: pagerduty, routingKey: k0123456789, url: "${url}" }`,
    'splunk-oncall': (url) => `{ type: splunk-oncall, apiKey: k0123456789, routingKey: mwi, url: "${url}" }`,
  };
  const BAD = ['hooks.example.org/services/T000/s3cretXYZtoken', 'htps://hooks.example.org/s3cretXYZtoken', 'https://hooks.example.org /s3cretXYZtoken'];

  function urlErrors(type: string, url: string): string[] {
    try {
      parseConfigText(`${BASE}  c: ${URL_CHANNELS[type]!(url)}\n`, 'api-health.yaml', {});
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message.split('\n');
    }
    throw new Error('expected a config error');
  }

  it.each(Object.keys(URL_CHANNELS).flatMap((type) => BAD.map((url) => [type, url])))('refuses on a %s channel the URL %s at load, without repeating it', (type, url) => {
    const errors = urlErrors(type, url);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^api-health\.yaml:4:\d+: channels\.c\.url: must be an http:\/\/ or https:\/\/ URL$/);
    expect(errors[0]).not.toContain('s3cret');
  });

  it('refuses a URL that comes from the environment as it refuses one written in the file', () => {
    expect(() => parseConfigText(`${BASE}  c: { type: slack, url: "\${HOOK}" }\n`, 'api-health.yaml', { HOOK: 'hooks.example.org/s3cret' })).toThrow(/channels\.c\.url: must be an http:\/\/ or https:\/\/ URL/);
  });

  it.each(Object.keys(URL_CHANNELS))('takes an https URL on a %s channel', (type) => {
    expect(parseConfigText(`${BASE}  c: ${URL_CHANNELS[type]!('https://receiver.example.org/path')}\n`, 'api-health.yaml', {}).channels.c).toBeDefined();
  });
});
