import { z } from 'zod';
import { parseDuration } from '../core/duration.js';

/**
 * A duration written as text ("500ms", "10s", "5m", "1h", "2d"), validated here and read as milliseconds.
 * It lives on the channel schemas' layer so channel keys (timeout) read durations exactly as the rest of
 * the config does; config/schema.ts uses the same two.
 */
export const duration = z
  .string({ error: 'expected a duration such as 500ms, 10s, 5m, 1h or 2d' })
  .refine((text) => parseDuration(text) !== undefined, {
    error: (issue) => `invalid duration ${JSON.stringify(issue.input)} (use e.g. 500ms, 10s, 5m, 1h, 2d)`,
  })
  .transform((text) => parseDuration(text)!)
  .meta({ description: 'A duration: 500ms, 10s, 5m, 1h, 2d (or compound, 1h30m)', pattern: '^\\s*(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+\\s*$' });

/** Intervals, timeouts and windows: zero would mean never probing, always timing out, or no figures. */
export const positiveDuration = duration.refine((ms) => ms > 0, { error: 'must be longer than 0 (e.g. 10s)' });
