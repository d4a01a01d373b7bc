import { ircSchema } from '../../channel-schemas/irc.js';
import type { ChannelOf } from '../../channel-schemas/schemas.js';
import { sanitize } from '../../text/sanitize.js';
import { itemLine, shownItems } from '../describe.js';
import type { Message, MessageItem } from '../message.js';
import type { ChannelDefinition } from './definition.js';
import { FLOOD_BURST, FLOOD_INTERVAL_MS, IrcSession } from './irc-session.js';
import { urlPlaceholder } from './receiver-export.js';

type IrcConfig = ChannelOf<'irc'>;

/** The longest line posted, `PRIVMSG #channel :text` included: well inside IRC's 512 once the server adds the sender's prefix. */
export const MAX_IRC_LINE_BYTES = 400;

/** "[CRITICAL] Search API High5xx acknowledged by ana: 5xx rate 4.1% above 2% | SLA: resolve due in 3h | https://…" */
export function ircText(item: MessageItem): string {
  const parts = [itemLine(item)];
  if (item.sla) parts.push(`SLA: ${item.sla}`);
  if (item.url) parts.push(item.url);
  // A line break or control character in a summary would end the PRIVMSG and start a command of its own.
  return sanitize(parts.join(' | ')).replace(/\s+/g, ' ').trim();
}

/** `text` cut so `PRIVMSG <channel> :<text>` fits MAX_IRC_LINE_BYTES, on a character boundary, marked with an ellipsis. */
export function fitLine(text: string, channel: string): string {
  const budget = MAX_IRC_LINE_BYTES - Buffer.byteLength(`PRIVMSG ${channel} :`);
  if (Buffer.byteLength(text) <= budget) return text;
  const room = budget - Buffer.byteLength('…');
  let cut = '';
  let size = 0;
  for (const character of text) {
    const bytes = Buffer.byteLength(character);
    if (size + bytes > room) break;
    cut += character;
    size += bytes;
  }
  return `${cut}…`;
}

/** One line per alarm event (at most MAX_ITEMS_SHOWN, then how many more), each short enough for the longest channel name. */
export function ircLines(message: Message, config: Pick<IrcConfig, 'channels'>): string[] {
  const longest = config.channels.reduce((a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a));
  const { items, hidden } = shownItems(message);
  const lines = items.map((item) => fitLine(ircText(item), longest));
  if (hidden > 0) lines.push(`…and ${hidden} more`);
  return lines;
}

export const ircChannel: ChannelDefinition<'irc'> = {
  type: 'irc',
  schema: ircSchema,
  label: 'IRC',
  destination: (config) => `${config.channels.join(', ')} on ${config.server} (IRC${config.tls ? ' over TLS' : ''}, as ${config.nick})`,
  waitsForReceiver: true,
  minIntervalMs: 0,
  docs: `one line per alarm event (severity, API, what happened, who acknowledged, SLA), never longer than ${MAX_IRC_LINE_BYTES} bytes, control characters removed; one connection kept open between messages and opened again with growing waits when it drops; at most ${FLOOD_BURST} lines at once, then one every ${FLOOD_INTERVAL_MS / 1000}s, and a retry on the same connection goes on after the lines already sent, so a long message takes several attempts but posts each line once; delivered once the server answers a PING sent after the lines. Alertmanager has no IRC receiver: export alertmanager sends to the channel's relay.`,
  secrets: (config) => (config.password ? [config.password] : []),
  payload: (message, config) => ircLines(message, config),
  create: (config) => {
    const session = new IrcSession({
      host: config.server,
      port: config.port ?? (config.tls ? 6697 : 6667),
      tls: config.tls,
      nick: config.nick,
      channels: config.channels,
      login: config.password ? { account: config.account ?? config.nick, password: config.password } : undefined,
    });
    return {
      send: (message) => session.post(ircLines(message, config), config.timeout, message.id),
      close: () => session.close(),
    };
  },
  alertmanager: {
    receiver: (config, { id, sendResolved, variables, note }) => {
      const url = config.relay ?? urlPlaceholder(id, 'relay_url', undefined, variables);
      if (!config.relay) note(`channel ${id}: Alertmanager has no IRC receiver; set ${url} to a webhook relay (e.g. alertmanager-irc-relay) that posts to ${config.channels.join(', ')} on ${config.server}`);
      return { webhook_configs: [{ url, send_resolved: sendResolved }] };
    },
  },
};
