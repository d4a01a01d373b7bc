import { z } from 'zod';

export const teamsSchema = z.strictObject({ type: z.literal('teams'), url: z.string(), description: z.string().optional() });
