import { Box } from 'ink';
import { MUTE_PRESETS, type Prompt } from '../state/alarm-view.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

/** Rows the dialog takes under the list, whatever its step, so the layout does not jump. */
export const PROMPT_HEIGHT = 4;

/** The acknowledge and mute dialogs: pure rendering of the prompt state the keymap edits. */
export function PromptBox({ prompt, painter, width }: { prompt: Prompt; painter: Painter; width: number }) {
  const { paint } = painter;
  const lines: string[] = [];
  if (prompt.kind === 'ack') {
    lines.push(paint('title', prompt.title), `Note (optional): ${paint('accent', `${prompt.note}█`)}`, paint('dim', 'Enter acknowledge   Esc cancel'));
  } else {
    const scope = prompt.scopes[prompt.scopeIndex]!;
    lines.push(paint('title', `Mute ${prompt.step === 'scope' ? '' : scope.label}`));
    if (prompt.step === 'scope') {
      lines.push(
        prompt.scopes.map((s, i) => (i === prompt.scopeIndex ? paint('accent', `[${s.label}]`) : ` ${s.label} `)).join(' '),
        paint('dim', '←→ choose scope   Enter next   Esc cancel'),
      );
    } else if (prompt.step === 'duration' || prompt.step === 'custom') {
      const options = [...MUTE_PRESETS.map((p) => p.label), 'type…'];
      lines.push(
        `For: ${options.map((o, i) => (i === prompt.durationIndex ? paint('accent', `[${o}]`) : ` ${o} `)).join(' ')}` +
          (prompt.step === 'custom' ? `   duration: ${paint('accent', `${prompt.custom}█`)}` : ''),
        prompt.error ? paint('failing', prompt.error) : paint('dim', '←→ choose   Enter next   Esc cancel'),
      );
    } else {
      lines.push(`Reason (optional): ${paint('accent', `${prompt.reason}█`)}`, paint('dim', 'Enter mute   Esc cancel'));
    }
  }
  return (
    <Box height={PROMPT_HEIGHT} flexDirection="column">
      <Lines lines={['─'.repeat(20), ...lines].slice(0, PROMPT_HEIGHT)} width={width} />
    </Box>
  );
}
