import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { positiveDuration } from './duration.js';

export const DEFAULT_CHANNEL_TIMEOUT_MS = 30_000;

/** A channel sends one message at a time, in order: a longer wait would hold up every message behind it. */
export const MAX_CHANNEL_TIMEOUT_MS = 5 * 60_000;

const timeout = positiveDuration
  .refine((ms) => ms <= MAX_CHANNEL_TIMEOUT_MS, {
    error: `must be at most ${formatDuration(MAX_CHANNEL_TIMEOUT_MS)} (the channel sends nothing else while it waits)`,
  })
  .prefault(formatDuration(DEFAULT_CHANNEL_TIMEOUT_MS))
  .meta({
    description: `How long one attempt may take, from connecting to the receiver's answer (default ${formatDuration(DEFAULT_CHANNEL_TIMEOUT_MS)}, at most ${formatDuration(MAX_CHANNEL_TIMEOUT_MS)}); an attempt that takes longer counts as failed and is retried`,
  });

/** The keys every channel type takes, whatever it sends. */
export const channelFields = {
  timeout,
  description: z.string().optional(),
};

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A receiver's address, checked at load: one that cannot be parsed fails every attempt alike, and would sit at
 * the head of its channel's queue, retried as a network fault, until given up. The message does not repeat the
 * value, which may carry a token.
 */
export const httpUrl = z.string().refine(isHttpUrl, { error: 'must be an http:// or https:// URL' });
