import { z } from 'zod';

export const alertmanagerSchema = z.strictObject({ type: z.literal('alertmanager'), url: z.string(), description: z.string().optional() });
