import type { ChartRange } from '../core/chart-range.js';
import type { Prompt } from './alarm-view.js';

export const SORTS = ['health', 'latency', '5xx', 'name'] as const;
export type SortKey = (typeof SORTS)[number];

export type View = 'dashboard' | 'detail' | 'help' | 'teams' | 'alarms' | 'alarm' | 'mutes' | 'owner' | 'notifications' | 'maintenance';

export interface UiState {
  view: View;
  /** The views `Esc` goes back through, most recent last; the dashboard is always underneath. */
  back: View[];
  /** The selected API's id: the selection follows the API, not a screen row, when the rows re-sort or regroup. */
  selectedApi: string | undefined;
  /** The selected row's index when last placed: where the selection lands when its API leaves the list. */
  cursor: number;
  /** The selected alarm's id in the alarms view. */
  selectedAlarm: string | undefined;
  alarmCursor: number;
  /** The selected mute's id in the mutes view. */
  selectedMute: string | undefined;
  muteCursor: number;
  filterText: string;
  /** While `/` is open: the text being typed, applied live. */
  filterDraft: string | undefined;
  team: string | undefined;
  teamCursor: number;
  sort: SortKey;
  /** `p`: the rows and alarms keep their order (figures still update) while someone acts on them. */
  paused: boolean;
  /** `g`: every sparkline on screen drawn to one scale instead of each row's own. */
  sharedScale: boolean;
  /** An open dialog (acknowledge note, mute scope and duration); it takes every key while open. */
  prompt: Prompt | undefined;
  /** The selected message in the notifications view (its key), its row, and the one whose attempts are shown (Enter). */
  selectedMessage: string | undefined;
  messageCursor: number;
  openMessage: string | undefined;
  /** The first line the help shows: help scrolls, so every key can be read on a short terminal. */
  helpTop: number;
  /** The API detail's chart range (keys 1…6); undefined for the live probes. */
  chartRange: ChartRange | undefined;
  /** A one-line answer to the last key, e.g. "no firing alarm on this API"; cleared by the next key. */
  notice: string | undefined;
}

export const INITIAL_UI: UiState = {
  view: 'dashboard',
  back: [],
  selectedApi: undefined,
  cursor: 0,
  selectedAlarm: undefined,
  alarmCursor: 0,
  selectedMute: undefined,
  muteCursor: 0,
  filterText: '',
  filterDraft: undefined,
  team: undefined,
  teamCursor: 0,
  sort: 'health',
  paused: false,
  sharedScale: true,
  prompt: undefined,
  selectedMessage: undefined,
  messageCursor: 0,
  openMessage: undefined,
  helpTop: 0,
  chartRange: undefined,
  notice: undefined,
};
