import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../source/state/alarm-view.js';
import { untilText } from '../../source/ui/PromptBox.js';

type MutePrompt = Extract<Prompt, { kind: 'mute' }>;
const prompt = (durationIndex: number, custom = ''): MutePrompt => ({ kind: 'mute', step: 'duration', title: 'Mute', scopes: [], scopeIndex: 0, durationIndex, custom, reason: '' });
/** A local time on a fixed day, so the test reads the same wherever it runs. */
const at = (hours: number, minutes: number) => new Date(2026, 11, 6, hours, minutes).getTime();

describe('the mute prompt\'s end time', () => {
  it('is the time of day when the mute ends the same day', () => {
    expect(untilText(prompt(1), at(14, 5))).toBe('until 15:05, in 1h');
  });

  it('carries the date when the mute ends after midnight', () => {
    expect(untilText(prompt(1), at(23, 22))).toBe('until 2026-12-07 00:22, in 1h');
  });
});
