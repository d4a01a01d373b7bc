import { describe, expect, it } from 'vitest';
import { splitUserinfo } from '../../source/core/url-userinfo.js';

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('splitUserinfo', () => {
  it('leaves a URL without userinfo as it is', () => {
    expect(splitUserinfo('http://am.example:9093/')).toEqual({ url: 'http://am.example:9093/' });
  });

  it('turns user:password@ into Basic auth and takes it out of the URL, percent-escapes undone', () => {
    expect(splitUserinfo('http://ops:p%40ss@am.example:9093/')).toEqual({ url: 'http://am.example:9093/', authorization: basic('ops:p@ss'), password: 'p@ss' });
  });

  it('keeps a bare % in a password as written instead of throwing', () => {
    expect(splitUserinfo('http://ops:50%off@am.example/')).toEqual({ url: 'http://am.example/', authorization: basic('ops:50%off'), password: '50%off' });
  });
});
