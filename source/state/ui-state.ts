import type { Prompt } from './alarm-view.js';

export const SORTS = ['health', 'latency', '5xx', 'name'] as const;
export type SortKey = (typeof SORTS)[number];

export type View = 'dashboard' | 'detail' | 'help' | 'teams' | 'alarms' | 'owner' | 'notifications';

export interface UiState {
  view: View;
  /** Index into the visible API rows (group headers are not selectable). */
  cursor: number;
  /** Index into the alarms view's list. */
  alarmCursor: number;
  filterText: string;
  /** While `/` is open: the text being typed, applied live. */
  filterDraft: string | undefined;
  team: string | undefined;
  teamCursor: number;
  sort: SortKey;
  /** An open dialog (acknowledge note, mute scope and duration); it takes every key while open. */
  prompt: Prompt | undefined;
  /** A one-line answer to the last key, e.g. "no firing alarm on this API"; cleared by the next key. */
  notice: string | undefined;
}

export const INITIAL_UI: UiState = {
  view: 'dashboard',
  cursor: 0,
  alarmCursor: 0,
  filterText: '',
  filterDraft: undefined,
  team: undefined,
  teamCursor: 0,
  sort: 'health',
  prompt: undefined,
  notice: undefined,
};
