import { z } from 'zod';
import { METRICS, SEVERITIES } from '../core/rules.js';

const alarmState = z.enum(['pending', 'firing', 'resolved']);
const optionalNumber = z.number().optional();

/** An alarm as JSON holds it: state.json and the messages in the outbox. */
export const alarmSchema = z.object({
  id: z.string(),
  apiId: z.string(),
  team: z.string().optional(),
  rule: z.string(),
  metric: z.enum([...METRICS, 'slo_burn_rate']),
  severity: z.enum(SEVERITIES),
  state: alarmState,
  comparison: z.enum(['above', 'below']),
  value: z.number(),
  threshold: z.number(),
  since: z.number(),
  startedAt: z.number(),
  firingAt: optionalNumber,
  resolvedAt: optionalNumber,
  transitions: z.array(z.object({ at: z.number(), from: z.union([alarmState, z.literal('none')]), to: alarmState, value: z.number() })),
  ack: z.object({ by: z.string(), at: z.number(), note: z.string().optional(), silenceId: z.string().optional() }).optional(),
  flapping: z.boolean(),
  escalationLevel: z.int().min(0),
  summary: z.string(),
  maintenance: z.object({ name: z.string(), until: z.number() }).optional(),
  clocksFrom: optionalNumber,
  suppressedBy: z.string().optional(),
  suppresses: z.int().min(0).optional(),
});

const muteScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alarm'), alarmId: z.string() }),
  z.object({ kind: z.literal('api'), apiId: z.string() }),
  z.object({ kind: z.literal('team'), team: z.string() }),
  z.object({ kind: z.literal('rule'), rule: z.string() }),
]);

const mute = z.object({
  id: z.string(),
  scope: muteScope,
  createdAt: z.number(),
  until: z.number(),
  by: z.string(),
  reason: z.string().optional(),
  silenceId: z.string().optional(),
});

/** One saved track: read one by one, so a track that cannot be read costs that alarm alone. */
export const trackSchema = z.object({
  alarmId: z.string(),
  apiId: z.string(),
  rule: z.string(),
  alarm: alarmSchema.optional(),
  notified: z.enum(['firing', 'resolved']).optional(),
  flapping: z.boolean(),
  flips: z.array(z.number()),
  mutedAfterTold: z.boolean().optional(),
});

export const muteSchema = mute;

/** The format this program writes; a file of a later one was written by a newer api-health. */
export const STATE_FORMAT = 1;

/**
 * state.json as written by AlarmTracker.snapshot(), its tracks and mutes still unread: each is checked on its
 * own. (JSON drops `team: undefined`, so the parsed alarm has `team` optional where the model has it always present.)
 */
export const stateShellSchema = z.object({
  version: z.literal(STATE_FORMAT),
  savedAt: z.number(),
  tracks: z.array(z.unknown()),
  mutes: z.array(z.unknown()),
  muteSequence: z.int().min(0),
});
