import { describe, expect, it } from 'vitest';
import { EventSequence } from '../../../source/notify/channels/event-sequence.js';
import type { DeliveryResult } from '../../../source/notify/message.js';

const OK: DeliveryResult = { ok: true, retryable: false, reason: 'HTTP 202' };
const DOWN: DeliveryResult = { ok: false, retryable: true, reason: 'HTTP 502' };

/** Posts answer as `answers` says, event by event, and keeps what was posted. */
function poster(answers: (event: string) => DeliveryResult) {
  const posted: string[] = [];
  return { posted, post: async (event: string) => (posted.push(event), answers(event)) };
}

describe('event sequence', () => {
  it('sends every event in order and answers with the last one\'s result', async () => {
    const { posted, post } = poster(() => OK);
    expect(await new EventSequence<string>().send('m-1', ['a', 'b', 'c'], post)).toBe(OK);
    expect(posted).toEqual(['a', 'b', 'c']);
  });

  it('stops at the first failure and goes on from it on the retry', async () => {
    let down = true;
    const { posted, post } = poster((event) => (event === 'b' && down ? DOWN : OK));
    const sequence = new EventSequence<string>();
    expect(await sequence.send('m-1', ['a', 'b', 'c'], post)).toBe(DOWN);
    down = false;
    expect(await sequence.send('m-1', ['a', 'b', 'c'], post)).toBe(OK);
    expect(posted).toEqual(['a', 'b', 'b', 'c']);
  });

  it('sends a delivered message whole again when it comes back: its progress is forgotten once done', async () => {
    const { posted, post } = poster(() => OK);
    const sequence = new EventSequence<string>();
    await sequence.send('m-1', ['a', 'b'], post);
    await sequence.send('m-1', ['a', 'b'], post);
    expect(posted).toEqual(['a', 'b', 'a', 'b']);
  });

  it('keeps the progress of the last 64 messages that failed part-way, no more', async () => {
    const { posted, post } = poster((event) => (event === 'b' ? DOWN : OK));
    const sequence = new EventSequence<string>();
    for (let i = 0; i <= 64; i++) await sequence.send(`m-${i}`, ['a', 'b'], post);
    posted.length = 0;
    await sequence.send('m-0', ['a', 'b'], post);
    await sequence.send('m-64', ['a', 'b'], post);
    expect(posted).toEqual(['a', 'b', 'b']);
  });
});
