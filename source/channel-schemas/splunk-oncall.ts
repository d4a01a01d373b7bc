import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

/** Splunk On-Call was VictorOps until 2020: configs written for the old name keep working. */
export const SPLUNK_ONCALL_ALIASES = ['victorops'] as const;

export const splunkOncallSchema = z.strictObject({
  type: z.literal(['splunk-oncall', ...SPLUNK_ONCALL_ALIASES]).transform(() => 'splunk-oncall' as const),
  apiKey: z.string().min(1).meta({ description: 'The REST endpoint integration key (the part of its URL after /alert/); write it as ${VAR}' }),
  routingKey: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a Splunk On-Call routing key (letters, digits, ".", "_", "-")' })
    .meta({ description: 'The routing key that picks the escalation policy' }),
  url: httpUrl.optional().meta({ description: 'The REST endpoint base, default https://alert.victorops.com/integrations/generic/20131114/alert' }),
  ...channelFields,
});
