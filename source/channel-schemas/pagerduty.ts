import { z } from 'zod';

export const pagerdutySchema = z.strictObject({
  type: z.literal('pagerduty'),
  routingKey: z.string(),
  url: z.string().optional(),
  description: z.string().optional(),
});
