import { z } from 'zod';
import { channelFields } from './common.js';

export const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  ...channelFields,
});
