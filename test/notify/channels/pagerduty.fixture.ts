import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: pagerduty, routingKey: "\${PD_KEY}", url: "${url('/v2/enqueue')}" }`,
  env: { PD_KEY: 'pd0123456789s3cretroutingkey0000' },
  secrets: ['pd0123456789s3cretroutingkey0000'],
  requests: (payload) => payload as unknown[],
};
