import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: alertmanager, url: "${url('')}" }`,
  env: {},
  secrets: [],
};
