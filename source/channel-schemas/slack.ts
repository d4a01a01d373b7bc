import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

export const slackSchema = z.strictObject({ type: z.literal('slack'), url: httpUrl, ...channelFields });
