import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';

const API = 'apis:\n  a: { url: "http://127.0.0.1:1/a" }\n';
const parse = (defaults: string) => parseConfigText(`defaults: ${defaults}\n${API}`, 'test.yaml', {});

describe('defaults.connectivity', () => {
  it('is optional: no URL, 80% of the APIs', () => {
    expect(parseConfigText(API, 'test.yaml', {}).defaults.connectivity).toEqual({ url: undefined, threshold: 0.8 });
  });

  it('takes a URL and a percentage', () => {
    expect(parse('{ connectivity: { url: "https://www.wikimedia.org/", threshold: 60% } }').defaults.connectivity).toEqual({ url: 'https://www.wikimedia.org/', threshold: 0.6 });
  });

  it('refuses a URL that is not http or https, naming the key', () => {
    expect(() => parse('{ connectivity: { url: "ftp://example.org/" } }')).toThrow(/test\.yaml:1:\d+: defaults\.connectivity\.url: invalid URL "ftp:\/\/example\.org\/" \(expected http:\/\/ or https:\/\/\)/);
  });

  it('refuses a threshold above 100%', () => {
    expect(() => parse('{ connectivity: { threshold: 180% } }')).toThrow(/defaults\.connectivity\.threshold: .*percentage/);
  });

  it('refuses an unknown key', () => {
    expect(() => parse('{ connectivity: { hosts: 3 } }')).toThrow(/defaults\.connectivity/);
  });
});
