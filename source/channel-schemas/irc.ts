import { z } from 'zod';
import { channelFields } from './common.js';

/** RFC 2812 channel names: a prefix, then anything but space, comma, BEL and line ends. */
const channelName = z.string().regex(/^[#&+!][^\s,\x07]{1,49}$/, { error: 'must be an IRC channel such as #wikimedia-operations' });

const nick = z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/, { error: 'must be an IRC nickname (a letter or one of []\\`_^{|} first, at most 30 characters)' });

export const ircSchema = z.strictObject({
  type: z.literal('irc'),
  server: z.string().min(1).meta({ description: 'The IRC server host, e.g. irc.libera.chat' }),
  port: z.int().min(1).max(65535).optional().meta({ description: 'Default 6697 with tls, 6667 without' }),
  tls: z.boolean().default(true).meta({ description: 'Connect over TLS (default true)' }),
  nick,
  channels: z
    .union([channelName, z.array(channelName).min(1)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .meta({ description: 'The channel or channels every line goes to' }),
  password: z.string().min(1).optional().meta({ description: 'The account password for SASL PLAIN (NickServ, over TLS only, on networks without SASL); write it as ${VAR}' }),
  account: z.string().min(1).optional().meta({ description: 'The account name SASL logs in as (default: nick)' }),
  relay: z.string().optional().meta({ description: 'The webhook relay that posts Alertmanager\'s alerts to IRC, for export alertmanager (Alertmanager has no IRC receiver)' }),
  ...channelFields,
});
