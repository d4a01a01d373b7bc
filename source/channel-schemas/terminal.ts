import { z } from 'zod';

export const terminalSchema = z.strictObject({ type: z.literal('terminal'), description: z.string().optional() });
