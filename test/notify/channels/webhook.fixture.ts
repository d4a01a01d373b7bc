import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'http',
  channel: (url) => `{ type: webhook, url: "${url('/hook/wh-s3cret-path')}", headers: { Authorization: "Bearer \${HOOK_TOKEN}", X-Api-Key: "hdr-s3cret" } }`,
  env: { HOOK_TOKEN: 'hook-s3cret-token' },
  secrets: ['hook-s3cret-token', 'hdr-s3cret', 'wh-s3cret-path'],
};
