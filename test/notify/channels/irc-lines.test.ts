import { describe, expect, it } from 'vitest';
import { fitLine, ircLines, MAX_IRC_LINE_BYTES } from '../../../source/notify/channels/irc.js';
import type { ChannelOf } from '../../../source/channel-schemas/schemas.js';
import { alarm, config, event, message } from '../helpers.js';

const cfg = config('channels:\n  c: { type: irc, server: irc.example.org, nick: apihealth, channels: ["#a", "#wikimedia-operations"] }\n');
const irc = cfg.channels.c as ChannelOf<'irc'>;

describe('irc lines', () => {
  it.each([
    ['ASCII', 'x'.repeat(1000)],
    ['two-byte characters', 'é'.repeat(1000)],
    ['four-byte characters', '🚨'.repeat(300)],
  ])('cuts %s so the whole PRIVMSG fits in 400 bytes, on a character boundary', (_, text) => {
    const line = fitLine(text, '#wikimedia-operations');
    expect(Buffer.byteLength(`PRIVMSG #wikimedia-operations :${line}`)).toBeLessThanOrEqual(MAX_IRC_LINE_BYTES);
    expect(Buffer.byteLength(`PRIVMSG #wikimedia-operations :${line}`)).toBeGreaterThan(MAX_IRC_LINE_BYTES - 5);
    expect(line.endsWith('…')).toBe(true);
    expect(line).not.toContain('\uFFFD');
  });

  it('leaves a line that fits as it is', () => {
    expect(fitLine('short', '#a')).toBe('short');
  });

  it('turns line breaks and control characters in remote text into spaces, so no text becomes a command', () => {
    const [line] = ircLines(message(cfg, 'c', [event('firing', alarm({ summary: 'a\r\nQUIT :x\u0007\u0001' }))]), irc);
    expect(line).not.toMatch(/[\r\n\u0000-\u001f]/);
  });

  it('says who acknowledged, and the SLA', () => {
    const acked = alarm({ ack: { by: 'ana', at: 1 } });
    const [line] = ircLines(message(cfg, 'c', [event('acknowledged', acked, { actor: 'ana' })]), irc);
    expect(line).toMatch(/^\[CRITICAL\] Search API High5xx acknowledged by ana: .* \| SLA: /);
  });

  it('posts one line per event, at most ten, then how many more', () => {
    const events = Array.from({ length: 12 }, (_, i) => event('firing', alarm({ rule: `R${i}`, id: `search/R${i}` })));
    const lines = ircLines(message(cfg, 'c', events), irc);
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('…and 2 more');
  });
});
