import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = {
  transport: 'irc',
  channel: (port) => `{ type: irc, server: 127.0.0.1, port: ${port}, tls: false, nick: apihealth, channels: ["#api-alerts"], password: "\${IRC_PASSWORD}" }`,
  env: { IRC_PASSWORD: 'irc-s3cret-sasl-password' },
  secrets: ['irc-s3cret-sasl-password'],
};
