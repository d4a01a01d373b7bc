import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: splunk-oncall, apiKey: "\${VO_KEY}", routingKey: mwi, url: "${url('/integrations/generic/20131114/alert')}" }`,
  env: { VO_KEY: '0b1e5c3a-s3cret-4b1d-9f00-restendpoint' },
  secrets: ['0b1e5c3a-s3cret-4b1d-9f00-restendpoint'],
  answer: '{"result":"success","entity_id":"api-health/search/High5xx"}',
  requests: (payload) => payload as unknown[],
};
