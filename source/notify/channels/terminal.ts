import { title } from '../describe.js';
import { terminalSchema } from '../../channel-schemas/terminal.js';
import type { ChannelDefinition } from './definition.js';

const BEL = '\u0007';
const OSC = '\u001b]';

/** Text from alarms goes inside an escape sequence: no control character may end it early. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** OSC 9, which iTerm2, WezTerm and kitty show as a desktop notification, after a bell if asked for; the BEL closing OSC 9 is its terminator, not a bell. */
export function terminalSequence(text: string, bell: boolean): string {
  return `${bell ? BEL : ''}${OSC}9;${plain(text).slice(0, 200)}${BEL}`;
}

export const terminal: ChannelDefinition<'terminal'> = {
  type: 'terminal',
  schema: terminalSchema,
  label: 'terminal',
  destination: () => 'a desktop notification, after the bell unless defaults.bell is false, while the dashboard runs',
  waitsForReceiver: false,
  minIntervalMs: 0,
  secrets: () => [],
  payload: (message) => title(message),
  alertmanager: { unsupported: 'exists only while the dashboard runs; not exported' },
  create: (_config, deps) => ({
    async send(message) {
      const sink = deps.terminal?.();
      // Only a running TUI shows it; a notification replayed later, in another session, would be noise.
      if (!sink) return { ok: true, skipped: true, retryable: false, reason: 'no terminal attached' };
      sink.write(terminalSequence(title(message), deps.bell === true));
      return { ok: true, retryable: false, reason: 'written to terminal' };
    },
  }),
};
