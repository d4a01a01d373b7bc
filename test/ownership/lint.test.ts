import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { lintOwnership } from '../../source/ownership/lint.js';

const UA = 'defaults: { userAgent: "probe/1.0 (ops@example.org)" }\n';

function lint(yaml: string) {
  return lintOwnership(parseConfigText(yaml, 'test.yaml', {}));
}

describe('ownership lint', () => {
  it('is silent on a config where every API is owned and every team reachable', () => {
    const config = `${UA}
teams:
  a: { name: A, contacts: { email: a@example.org }, notify: [mail] }
channels:
  mail: { type: email, to: a@example.org, from: x@example.org, smtp: { host: smtp.example.org } }
apis:
  one: { owner: a, url: https://example.org/one }
`;
    expect(lint(config)).toEqual([]);
  });

  it('warns about an API without an owner, whether the key is missing or says Unassigned', () => {
    const config = `${UA}apis:\n  one: { url: https://example.org/1 }\n  two: { owner: Unassigned, url: https://example.org/2 }\n`;
    expect(lint(config)).toEqual([
      { path: ['apis', 'one', 'owner'], message: 'API "one" has no owner: it shows as Unassigned' },
      { path: ['apis', 'two', 'owner'], message: 'API "two" has no owner: it shows as Unassigned' },
    ]);
  });

  it('warns about a team without contacts', () => {
    const config = `${UA}teams:\n  a: { name: A, notify: [t] }\nchannels:\n  t: { type: terminal }\napis: {}\n`;
    expect(lint(config)).toEqual([
      { path: ['teams', 'a'], message: 'team "a" has no contacts (email, slack, phabricator, irc, chat, url or oncall)' },
    ]);
  });

  it('warns about a team with neither notify nor a route naming it', () => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org } }\napis: {}\n`;
    expect(lint(config)).toEqual([
      { path: ['teams', 'a'], message: 'team "a" has no channel: give it notify: [CHANNEL] or a route with match.team: a' },
    ]);
  });

  it('counts a route that names the team as its channel', () => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org } }\nchannels:\n  t: { type: terminal }\nroutes:\n  - { match: { team: a }, notify: [t] }\napis: {}\n`;
    expect(lint(config)).toEqual([]);
  });

  it('warns about a channel no team or route uses', () => {
    const config = `${UA}channels:\n  t: { type: terminal }\napis: {}\n`;
    expect(lint(config)).toEqual([{ path: ['channels', 't'], message: 'channel "t" is not used by any team or route' }]);
  });

  it.each([
    ['a catch-all route', '{ notify: [t] }', '{ match: { severity: page }, notify: [t] }'],
    ['a wider severity list', '{ match: { severity: [page, critical] }, notify: [t] }', '{ match: { severity: page, team: a }, notify: [t] }'],
    ['the same matcher', '{ match: { family: F }, notify: [t] }', '{ match: { family: [F] }, notify: [t] }'],
  ])('warns about a route shadowed by %s', (_name, first, second) => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org }, notify: [t] }\nchannels:\n  t: { type: terminal }\nroutes:\n  - ${first}\n  - ${second}\napis: {}\n`;
    expect(lint(config)).toEqual([
      { path: ['routes', 1], message: 'route 1 is unreachable: route 0 matches everything it matches and has no continue: true' },
    ]);
  });

  it('does not call a route unreachable when the earlier one continues or matches less', () => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org }, notify: [t] }\nchannels:\n  t: { type: terminal }
routes:
  - { notify: [t], continue: true }
  - { match: { severity: page, team: a }, notify: [t] }
  - { match: { severity: critical }, notify: [t] }
apis: {}\n`;
    expect(lint(config)).toEqual([]);
  });

  it('warns once about a default User-Agent without contact, naming the remote APIs; loopback is exempt', () => {
    const config = `defaults: { userAgent: "probe/1.0" }\napis:
  local: { owner: Unassigned, url: http://127.0.0.1:8080/ }
  remote: { url: https://example.org/ }\n`;
    expect(lint(config).filter((w) => w.path[0] === 'defaults')).toEqual([
      {
        path: ['defaults', 'userAgent'],
        message: 'the User-Agent has no contact (an email or URL) but 1 API(s) probe remote hosts (remote); use "name/version (https://your.site; you@example.org)"',
      },
    ]);
  });

  it('warns about an API whose own User-Agent header has no contact', () => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org }, notify: [t] }\nchannels:\n  t: { type: terminal }
apis:\n  x: { owner: a, url: https://example.org/, headers: { user-agent: curl/8 } }\n`;
    expect(lint(config)).toEqual([
      { path: ['apis', 'x', 'headers', 'user-agent'], message: 'User-Agent of "x" has no contact (an email or URL) but probes a remote host' },
    ]);
  });

  it('warns about the same URL probed twice', () => {
    const config = `${UA}teams:\n  a: { name: A, contacts: { email: a@example.org }, notify: [t] }\nchannels:\n  t: { type: terminal }
apis:\n  x: { owner: a, url: https://example.org/ }\n  y: { owner: a, url: https://example.org/ }\n`;
    expect(lint(config)).toEqual([{ path: ['apis', 'y', 'url'], message: 'same URL as "x": https://example.org/' }]);
  });
});
