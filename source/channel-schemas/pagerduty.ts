import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

export const pagerdutySchema = z.strictObject({
  type: z.literal('pagerduty'),
  routingKey: z.string(),
  url: httpUrl.optional(),
  ...channelFields,
});
