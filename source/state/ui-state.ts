export const SORTS = ['health', 'latency', '5xx', 'name'] as const;
export type SortKey = (typeof SORTS)[number];

export type View = 'dashboard' | 'detail' | 'help' | 'teams' | 'owner';

export interface UiState {
  view: View;
  /** Index into the visible API rows (group headers are not selectable). */
  cursor: number;
  filterText: string;
  /** While `/` is open: the text being typed, applied live. */
  filterDraft: string | undefined;
  team: string | undefined;
  teamCursor: number;
  sort: SortKey;
}

export const INITIAL_UI: UiState = {
  view: 'dashboard',
  cursor: 0,
  filterText: '',
  filterDraft: undefined,
  team: undefined,
  teamCursor: 0,
  sort: 'health',
};
