import type { ConformanceFixture } from './conformance-fixture.js';

export const fixture: ConformanceFixture = { transport: 'terminal', channel: '{ type: terminal }' };
