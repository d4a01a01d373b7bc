import { z } from 'zod';
import { channelFields } from './common.js';

export const pagerdutySchema = z.strictObject({
  type: z.literal('pagerduty'),
  routingKey: z.string(),
  url: z.string().optional(),
  ...channelFields,
});
