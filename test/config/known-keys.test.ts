import { describe, expect, it } from 'vitest';
import { knownKeysAt } from '../../source/config/known-keys.js';

describe('knownKeysAt', () => {
  it('lists the top-level sections', () => {
    expect(knownKeysAt([])).toEqual(expect.arrayContaining(['defaults', 'teams', 'apis', 'rules', 'channels']));
  });

  it('steps into an entry of a map of ids', () => {
    expect(knownKeysAt(['apis', 'any-api'])).toEqual(expect.arrayContaining(['url', 'interval', 'owner']));
  });

  it('offers the keys of every alternative of a union (the channel types)', () => {
    expect(knownKeysAt(['channels', 'ops'])).toEqual(expect.arrayContaining(['type', 'url', 'routingKey', 'smtp']));
  });

  it('steps into the items of a list', () => {
    expect(knownKeysAt(['rules', 0])).toEqual(expect.arrayContaining(['name', 'metric', 'above', 'for']));
  });
});
