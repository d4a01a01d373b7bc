import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: slack, url: "${url('/services/T01/B02/slack-s3cret-token')}" }`,
  env: {},
  secrets: ['/services/T01/B02/slack-s3cret-token'],
};
