import { z } from 'zod';
import { channelFields } from './common.js';

export const terminalSchema = z.strictObject({ type: z.literal('terminal'), ...channelFields });
