import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { hostVantage, quorumOf, vantageName, withVantage } from '../../source/config/vantage.js';

const API = 'apis:\n  a: { url: "http://127.0.0.1:1/a" }\n';
const parse = (defaults: string, rest = API) => parseConfigText(`defaults: ${defaults}\n${rest}`, 'test.yaml', {});

describe('defaults.vantage', () => {
  it('names the vantage the process probes from', () => {
    expect(vantageName(parse('{ vantage: eqiad }').defaults)).toBe('eqiad');
  });

  it('falls back to the host name', () => {
    expect(vantageName(parseConfigText(API, 'test.yaml', {}).defaults)).toBe(hostVantage());
  });

  it.each([['"eq iad"'], ['"codfw,eqiad"'], ['"\\"x\\""'], ['"-eqiad"'], [`"${'a'.repeat(64)}"`]])('refuses %s, which is no plain label value', (value) => {
    expect(() => parse(`{ vantage: ${value} }`)).toThrow(/defaults\.vantage: a vantage name uses letters, digits/);
  });
});

describe('hostVantage', () => {
  it.each([
    ['prober1001.eqiad.wmnet', 'prober1001.eqiad.wmnet'],
    ['my host', 'my-host'],
    ['', 'localhost'],
    ['x'.repeat(80), 'x'.repeat(63)],
  ])('makes %j the vantage %j', (host, expected) => {
    expect(hostVantage(host)).toBe(expected);
  });
});

describe('defaults.localAddress', () => {
  it('takes an IP address', () => {
    expect(parse('{ localAddress: 127.0.0.2 }').defaults.localAddress).toBe('127.0.0.2');
  });

  it('refuses a host name, naming the key', () => {
    expect(() => parse('{ localAddress: eqiad.example }')).toThrow(/defaults\.localAddress: invalid localAddress "eqiad\.example" \(expected an IP address/);
  });
});

describe('the command line over the config', () => {
  it('puts --vantage and --local-address over defaults', () => {
    const config = withVantage(parse('{ vantage: eqiad, localAddress: 127.0.0.2 }'), 'codfw', '127.0.0.3');
    expect([config.defaults.vantage, config.defaults.localAddress]).toEqual(['codfw', '127.0.0.3']);
  });
});

describe('quorum', () => {
  const RULES = 'rules:\n  - { name: High5xx, metric: error_rate_5xx, above: 2% }\n  - { name: Down, metric: availability, below: 50%, quorum: 3 }\n';

  it('is 1 when nothing names one', () => {
    expect(parse('{}', API + RULES).apis[0]!.rules.map((rule) => quorumOf(rule, {}))).toEqual([1, 3]);
  });

  it('takes defaults.quorum for rules that name none', () => {
    const config = parse('{ quorum: 2 }', API + RULES);
    expect(config.apis[0]!.rules.map((rule) => quorumOf(rule, config.defaults))).toEqual([2, 3]);
  });

  it('is kept through a per-API override', () => {
    const config = parse('{}', 'apis:\n  a: { url: "http://127.0.0.1:1/a", rules: { High5xx: { quorum: 2 } } }\n' + RULES);
    expect(config.apis[0]!.rules.map((rule) => quorumOf(rule, config.defaults))).toEqual([2, 3]);
  });

  it('refuses 0', () => {
    expect(() => parse('{ quorum: 0 }')).toThrow(/defaults\.quorum/);
  });
});
