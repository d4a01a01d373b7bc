import { z } from 'zod';
import { channelFields } from './common.js';

const smtp = z.strictObject({
  host: z.string(),
  port: z.int().min(1).max(65535).optional(),
  secure: z.boolean().optional(),
  user: z.string().optional(),
  pass: z.string().optional(),
});

/** One address or a list of them, read as a list. */
const addresses = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const emailSchema = z.strictObject({
  type: z.literal('email'),
  to: addresses,
  from: z.string(),
  smtp,
  ...channelFields,
});
