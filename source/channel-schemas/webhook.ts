import { z } from 'zod';

export const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  description: z.string().optional(),
});
