import { title } from '../describe.js';
import type { ChannelDefinition, ChannelOf } from './definition.js';

const BEL = '\u0007';
const OSC = '\u001b]';

/** Text from alarms goes inside an escape sequence: no control character may end it early. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** A bell, then OSC 9: iTerm2, WezTerm and kitty show it as a desktop notification. */
export function terminalSequence(text: string): string {
  return `${BEL}${OSC}9;${plain(text).slice(0, 200)}${BEL}`;
}

export const terminal: ChannelDefinition<ChannelOf<'terminal'>> = {
  minIntervalMs: 0,
  secrets: () => [],
  create: (_config, deps) => ({
    async send(message) {
      const sink = deps.terminal?.();
      // Only a running TUI shows it; a notification replayed later, in another session, would be noise.
      if (!sink) return { ok: true, retryable: false, reason: 'no terminal attached: skipped' };
      sink.write(terminalSequence(title(message)));
      return { ok: true, retryable: false, reason: 'written to terminal' };
    },
  }),
};
