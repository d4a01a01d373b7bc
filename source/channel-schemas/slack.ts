import { z } from 'zod';

export const slackSchema = z.strictObject({ type: z.literal('slack'), url: z.string(), description: z.string().optional() });
