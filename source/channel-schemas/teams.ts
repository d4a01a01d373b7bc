import { z } from 'zod';
import { channelFields } from './common.js';

export const teamsSchema = z.strictObject({ type: z.literal('teams'), url: z.string(), ...channelFields });
