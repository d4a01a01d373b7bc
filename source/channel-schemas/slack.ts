import { z } from 'zod';
import { channelFields } from './common.js';

export const slackSchema = z.strictObject({ type: z.literal('slack'), url: z.string(), ...channelFields });
