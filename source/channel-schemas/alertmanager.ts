import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

export const alertmanagerSchema = z.strictObject({ type: z.literal('alertmanager'), url: httpUrl, ...channelFields });
