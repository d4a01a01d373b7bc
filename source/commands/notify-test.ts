import { systemClock } from '../core/clock.js';
import { createChannel } from '../notify/channels/registry.js';
import { configSecrets } from '../notify/config-secrets.js';
import { recordReason } from '../notify/http.js';
import { testMessage } from '../notify/test-message.js';
import { createRedactor } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

const USAGE = 'usage: api-health notify test CHANNEL [--config FILE]';

/** `notify test CHANNEL`: one test message through one channel, and what the receiver answered (redacted). */
export async function runNotify(context: CommandContext): Promise<number> {
  const [sub, channel, ...extra] = context.input;
  if (sub !== 'test') throw new UsageError(sub === undefined ? USAGE : `unknown notify subcommand "${sub}"; ${USAGE}`);
  if (channel === undefined || extra.length > 0) throw new UsageError(USAGE);
  const source = await openConfig(context);
  try {
    const { config } = source;
    const channelConfig = config.channels[channel];
    if (!channelConfig) {
      const known = Object.keys(config.channels);
      throw new UsageError(`unknown channel "${channel}" (known: ${known.length > 0 ? known.join(', ') : 'none configured'})`);
    }
    const redact = createRedactor(configSecrets(config));
    // The terminal channel writes an escape sequence and no newline: the answer starts on a line of its own.
    let wroteToTerminal = false;
    const terminal = {
      write: (text: string) => {
        wroteToTerminal = true;
        return context.stdout.write(text);
      },
    };
    const notifier = createChannel(channelConfig, { clock: systemClock, terminal: () => terminal, bell: config.defaults.bell });
    const result = await notifier.send(testMessage(channel, config, Date.now())).finally(() => notifier.close?.());
    if (wroteToTerminal) context.stdout.write('\n');
    const verdict = result.ok ? 'delivered' : result.retryable ? 'failed (temporary: would be retried)' : 'failed';
    const lines = [`${channel} (${channelConfig.type}): ${verdict}`];
    if (result.status !== undefined) lines.push(`status: ${result.status}`);
    lines.push(`answer: ${sanitize(recordReason(redact(result.reason)))}`);
    context.stdout.write(`${lines.join('\n')}\n`);
    return result.ok ? EXIT.ok : EXIT.alarms;
  } finally {
    await source.close();
  }
}
