import { Box } from 'ink';
import { parseDuration, formatDuration } from '../core/duration.js';
import { MUTE_PRESETS, type Prompt } from '../state/alarm-view.js';
import { sanitize } from '../text/sanitize.js';
import { clockTime } from './clock-time.js';
import { localDateTime } from '../text/local-time.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

/** The most scopes a mute offers: this alarm, this API, the team, a rule everywhere. */
const MAX_SCOPES = 4;

/**
 * Rows the dialog takes under the list, the same through all its steps so the layout does not jump: the
 * mute dialog lists every scope and always shows the duration and the end time.
 */
export function promptHeight(prompt: Prompt): number {
  return prompt.kind === 'ack' ? 4 : 4 + MAX_SCOPES + 1;
}

/** "until 14:05, in 1h"; a typed duration that does not parse yet says what it needs. */
export function untilText(prompt: Extract<Prompt, { kind: 'mute' }>, now: number): string {
  const typed = prompt.durationIndex === MUTE_PRESETS.length;
  const ms = typed ? parseDuration(prompt.custom) : MUTE_PRESETS[prompt.durationIndex]!.ms;
  if (ms === undefined || ms <= 0) return typed && prompt.custom === '' ? 'type a duration: 30m, 2h, 3d' : `"${prompt.custom}" is not a duration yet (30m, 2h, 3d)`;
  const end = now + ms;
  const sameDay = new Date(end).toDateString() === new Date(now).toDateString();
  // The local day, as the time is local (toISOString's day is UTC's, a day off east of it after midnight).
  return `until ${sameDay ? clockTime(end, false) : localDateTime(end)}, in ${formatDuration(ms)}`;
}

/** The acknowledge and mute dialogs: pure rendering of the prompt state the key table edits; the footer under them names their keys. */
export function PromptBox({ prompt, painter, width, now }: { prompt: Prompt; painter: Painter; width: number; now: number }) {
  const { paint } = painter;
  const lines: string[] = [];
  if (prompt.kind === 'ack') {
    lines.push(paint('title', prompt.title), `Note (optional): ${paint('accent', `${prompt.note}█`)}`);
  } else {
    const steps = { scope: 'choose what to mute', duration: 'for how long', custom: 'type how long', reason: 'why (optional)' };
    lines.push(paint('title', `Mute: ${steps[prompt.step]}`));
    const labelWidth = Math.max(...prompt.scopes.map((s) => s.label.length));
    prompt.scopes.forEach((s, i) => {
      const chosen = i === prompt.scopeIndex;
      const covers = paint('dim', `covers ${s.covers} alarm${s.covers === 1 ? '' : 's'} now`);
      const text = `${chosen ? '›' : ' '} ${sanitize(s.label).padEnd(labelWidth)}  `;
      lines.push((chosen ? paint('accent', text) : prompt.step === 'scope' ? text : paint('dim', text)) + covers);
    });
    for (let i = prompt.scopes.length; i < MAX_SCOPES; i++) lines.push('');
    const options = [...MUTE_PRESETS.map((p) => p.label), 'type…'];
    const durations = options.map((o, i) => (i === prompt.durationIndex ? paint('accent', `[${o}]`) : ` ${o} `)).join(' ');
    const typed = prompt.step === 'custom' ? `  ${paint('accent', `${prompt.custom}█`)}` : '';
    const until = untilText(prompt, now);
    lines.push(`For: ${durations}${typed}   ${prompt.error ? paint('failing', prompt.error) : paint(until.startsWith('until') ? 'info' : 'degraded', until)}`);
    // The keys of each step are the footer's, which names only what this step takes.
    if (prompt.step === 'reason') lines.push(`Reason (optional): ${paint('accent', `${prompt.reason}█`)}`);
  }
  const height = promptHeight(prompt);
  return (
    <Box height={height} flexDirection="column">
      <Lines lines={['─'.repeat(20), ...lines].slice(0, height)} width={width} />
    </Box>
  );
}
