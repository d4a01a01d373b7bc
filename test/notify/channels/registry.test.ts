import { describe, expect, it } from 'vitest';
import { CHANNEL_SCHEMAS, CHANNEL_TYPES, channelTypeOf } from '../../../source/channel-schemas/schemas.js';
import { ConfigError } from '../../../source/config/load.js';
import { CHANNELS } from '../../../source/notify/channels/registry.js';
import { config } from '../helpers.js';

describe('channel registry', () => {
  it('registers exactly the channel types the config accepts, each under its own type', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual([...CHANNEL_TYPES].sort());
    for (const [type, definition] of Object.entries(CHANNELS)) expect(definition.type).toBe(type);
  });

  it('is where the config takes its channel schemas from', () => {
    expect(CHANNEL_SCHEMAS.map(channelTypeOf)).toEqual(CHANNEL_TYPES);
    for (const schema of CHANNEL_SCHEMAS) expect(CHANNELS[channelTypeOf(schema)].schema).toBe(schema);
  });

  it('names every registered type when a config asks for one that is not', () => {
    expect(() => config('channels:\n  c: { type: carrier-pigeon }\n')).toThrow(ConfigError);
    expect(() => config('channels:\n  c: { type: carrier-pigeon }\n')).toThrow(`unknown channel type (known: ${Object.keys(CHANNELS).join(', ')})`);
  });
});
