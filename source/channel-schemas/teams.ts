import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

export const teamsSchema = z.strictObject({ type: z.literal('teams'), url: httpUrl, ...channelFields });
