import { z } from 'zod';
import { channelFields } from './common.js';

export const alertmanagerSchema = z.strictObject({ type: z.literal('alertmanager'), url: z.string(), ...channelFields });
