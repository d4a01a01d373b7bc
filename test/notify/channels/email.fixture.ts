import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'smtp',
  channel: (port) =>
    `{ type: email, to: [mwi@example.org], from: api-health@example.org, smtp: { host: 127.0.0.1, port: ${port}, secure: false, user: api-health, pass: "\${SMTP_PASS}" } }`,
  env: { SMTP_PASS: 'smtp-s3cret-pass' },
  secrets: ['smtp-s3cret-pass'],
};
