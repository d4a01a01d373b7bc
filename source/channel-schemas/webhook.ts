import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

export const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  headers: z.record(z.string(), z.string()).optional(),
  ...channelFields,
});
