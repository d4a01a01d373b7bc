import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: teams, url: "${url('/workflows/run?sig=teams-s3cret-sig')}" }`,
  env: {},
  secrets: ['/workflows/run?sig=teams-s3cret-sig'],
};
