import type { Key } from 'ink';
import type { FleetState } from '../state/fleet-state.js';

export interface KeyContext {
  /** Rows the list shows at once: PgUp/PgDn move by this much. */
  pageSize: number;
  quit: () => void;
}

/** Maps one keystroke to store actions for the current view; unknown keys do nothing. */
export function handleKey(state: FleetState, input: string, key: Key, context: KeyContext): void {
  const { actions, ui } = state;
  if (key.ctrl && input === 'c') return context.quit();
  if (ui.notice !== undefined) actions.setNotice(undefined);

  if (ui.prompt !== undefined) {
    if (key.escape) actions.promptCancel();
    else if (key.return) actions.promptConfirm();
    else if (key.backspace || key.delete) actions.promptBackspace();
    else if (key.upArrow || key.leftArrow) actions.promptMove(-1);
    else if (key.downArrow || key.rightArrow || key.tab) actions.promptMove(1);
    else if (input && !key.ctrl && !key.meta) actions.promptType(printable(input));
    return;
  }

  if (ui.filterDraft !== undefined) {
    if (key.return) actions.commitFilter();
    else if (key.escape) actions.clearFilter();
    else if (key.backspace || key.delete) actions.typeFilter(ui.filterDraft.slice(0, -1));
    else if (input && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow) actions.typeFilter(ui.filterDraft + printable(input));
    return;
  }

  if (ui.view === 'teams') {
    if (key.upArrow || input === 'k') actions.moveTeamCursor(-1);
    else if (key.downArrow || input === 'j') actions.moveTeamCursor(1);
    else if (key.return) actions.pickTeamAtCursor();
    else if (key.escape || input === 't') actions.closeView();
    else if (input === 'q') context.quit();
    return;
  }

  if (ui.view === 'alarms') {
    if (key.upArrow || input === 'k') actions.moveAlarmCursor(-1);
    else if (key.downArrow || input === 'j') actions.moveAlarmCursor(1);
    else if (key.pageUp) actions.moveAlarmCursor(-context.pageSize);
    else if (key.pageDown) actions.moveAlarmCursor(context.pageSize);
    else if (alarmKey(state, input)) return;
    else if (key.escape || key.tab || input === 'A') actions.closeView();
    else if (input === 'q') context.quit();
    else if (input === '?') actions.openView('help');
    return;
  }

  if (ui.view !== 'dashboard') {
    if (key.escape || key.return || input === 'q' || (input === '?' && ui.view === 'help')) actions.closeView();
    return;
  }

  if (key.upArrow || input === 'k') actions.moveCursor(-1);
  else if (key.downArrow || input === 'j') actions.moveCursor(1);
  else if (key.pageUp) actions.moveCursor(-context.pageSize);
  else if (key.pageDown) actions.moveCursor(context.pageSize);
  else if (key.home) actions.cursorTo('first');
  else if (key.end) actions.cursorTo('last');
  else if (alarmKey(state, input)) return;
  else if (input === 'A' || key.tab) actions.openView('alarms');
  else if (input === 'n') actions.openView('notifications');
  else if (input === '/') actions.startFilter();
  else if (key.escape && ui.filterText !== '') actions.clearFilter();
  else if (input === 't') actions.openView('teams');
  else if (key.return) actions.openView('detail');
  else if (input === 'o') actions.openView('owner');
  else if (input === 's') actions.cycleSort();
  else if (input === 'p') actions.togglePause();
  else if (input === '?') actions.openView('help');
  else if (input === 'q') context.quit();
}

/** The alarm keys, the same on a dashboard row (the API's alarms) and in the alarms view. */
function alarmKey({ actions }: FleetState, input: string): boolean {
  const handlers: Record<string, () => void> = {
    a: actions.beginAcknowledge,
    U: actions.unacknowledgeSelected,
    m: actions.beginMute,
    u: actions.unmuteSelected,
  };
  const handler = handlers[input];
  handler?.();
  return handler !== undefined;
}

/** Pasted text may carry control characters: keep only what can be typed into a filter. */
function printable(input: string): string {
  return input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
