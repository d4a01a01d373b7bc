import { CHART_RANGES } from '../core/chart-range.js';
import { selectedAlarmView, selectedApi } from '../state/alarm-actions.js';
import type { FleetState } from '../state/fleet-state.js';
import type { View } from '../state/ui-state.js';
import type { KeyPress } from './key-stream.js';

/** Where keys are read: a view, or typing into the filter or a dialog (which takes every printable key). */
export type Mode = View | 'filter' | 'prompt';

export interface KeyContext {
  state: FleetState;
  key: KeyPress;
  /** Rows the list shows at once: PgUp/PgDn move by this much. */
  pageSize: number;
  quit: () => void;
  /** The API drawn on a 1-based screen row of the dashboard's list, for a click; undefined where there is none. */
  apiAtRow?: (screenRow: number) => string | undefined;
}

/**
 * One key (or a key and its synonyms) in some modes: the same entry handles the key, writes the footer and
 * the help, and a row of README's key table, so the four cannot drift apart.
 */
export interface KeyBinding {
  modes: readonly Mode[];
  /** Names as `decodeKey` gives them; `text` matches any key that types something. */
  keys: readonly string[];
  /** How the footer and the help write the key. */
  label: string;
  /** The footer's word for it. */
  does: string;
  /** The help's and README's sentence. */
  help: string;
  /** Left out of the footer (the help and README still list it), e.g. synonyms the footer has no room for. */
  footer?: false;
  /** The footer's own label and word where they differ from the help's: `j/k move` for the pair. */
  footerAs?: { label: string; does: string };
  /** The footer names the key only while this holds: a dialog's footer names only what its step takes. */
  footerWhen?: (state: FleetState) => boolean;
  /** The footer's word as the state is now: Enter in a dialog acknowledges, goes on, or mutes. */
  doesNow?: (state: FleetState) => string;
  run(context: KeyContext): void;
}

const VIEWS = ['dashboard', 'detail', 'help', 'teams', 'alarms', 'alarm', 'mutes', 'owner', 'notifications', 'maintenance'] as const satisfies readonly View[];
const LISTS = ['dashboard', 'alarms', 'mutes', 'teams', 'notifications'] as const satisfies readonly View[];
/** Views where the alarm keys act: on the selected alarm, or on the selected API's alarms. */
const ALARM_KEYS = ['dashboard', 'alarms', 'alarm', 'detail'] as const satisfies readonly View[];
const SUB_VIEWS = VIEWS.filter((view) => view !== 'dashboard');
/** Where the cursor keys act: the lists, and the help, which they scroll. */
const SCROLLS = [...LISTS, 'help'] as const satisfies readonly View[];
/** The keys used most, first in the footer in this order; `?` always ends it. */
const FOOTER_FIRST = ['/', 'j', 'return', 'A', 'a', 'm'];

type MutePrompt = Extract<NonNullable<FleetState['ui']['prompt']>, { kind: 'mute' }>;
const mutePrompt = (state: FleetState): MutePrompt | undefined => (state.ui.prompt?.kind === 'mute' ? state.ui.prompt : undefined);
/** A dialog step that offers choices (↑↓) rather than text. */
const choosing = (state: FleetState): boolean => ['scope', 'duration'].includes(mutePrompt(state)?.step ?? '');
/** A dialog step that takes typing: the ack note, a typed duration, the mute reason (the duration step starts one on a digit). */
const typing = (state: FleetState): boolean => state.ui.prompt?.kind === 'ack' || mutePrompt(state)?.step !== 'scope';
const TYPED: Record<string, string> = { ack: 'a note', duration: 'a duration', custom: 'a duration', reason: 'a reason' };
/** Moves the cursor of whichever list is showing. */
function move({ state }: KeyContext, delta: number): void {
  const { actions, ui } = state;
  if (ui.view === 'help') actions.scrollHelp(delta);
  else if (ui.view === 'notifications') actions.moveMessageCursor(delta);
  else if (ui.view === 'alarms') actions.moveAlarmCursor(delta);
  else if (ui.view === 'mutes') actions.moveMuteCursor(delta);
  else if (ui.view === 'teams') actions.moveTeamCursor(delta);
  else actions.moveCursor(delta);
}

function jump({ state }: KeyContext, position: 'first' | 'last'): void {
  const { actions, ui } = state;
  const far = position === 'first' ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  if (ui.view === 'help') actions.scrollHelp(far);
  else if (ui.view === 'notifications') actions.moveMessageCursor(far);
  else if (ui.view === 'alarms') actions.moveAlarmCursor(far);
  else if (ui.view === 'mutes') actions.moveMuteCursor(far);
  else if (ui.view === 'teams') actions.teamCursorTo(position);
  else actions.cursorTo(position);
}

/** Rows the wheel moves the selection by, as terminals scroll text by three lines a notch. */
const WHEEL_ROWS = 3;

/** The wheel moves the selection of any list; a press of the left button selects the dashboard row under it. */
function mouse(context: KeyContext): void {
  const report = context.key.mouse;
  if (!report || report.release) return;
  if (report.button === 'wheelup') return move(context, -WHEEL_ROWS);
  if (report.button === 'wheeldown') return move(context, WHEEL_ROWS);
  if (report.button !== 'left' || context.state.ui.view !== 'dashboard') return;
  const apiId = context.apiAtRow?.(report.row);
  if (apiId !== undefined) context.state.actions.selectApi(apiId);
}

/** Opens the alarm detail: of the selected alarm, or from an API's detail, of that API's most urgent alarm. */
/** Opens the detail on one alarm, named by id: the API's first alarm from its detail, the row under the cursor in the list. */
function openAlarm({ state }: KeyContext): void {
  const { actions, ui, alarms } = state;
  const target = ui.view === 'detail' ? alarms.find((v) => v.alarm.apiId === selectedApi(state)?.id) : selectedAlarmView(state);
  if (!target) return ui.view === 'detail' ? actions.setNotice('No alarm on this API.') : undefined;
  actions.selectAlarm(target.alarm.id);
  actions.openView('alarm');
}

/** In order: README and the help list them so; the footer puts the most used first (see footerBindings). */
export const KEY_TABLE: readonly KeyBinding[] = [
  { modes: ['filter', 'prompt', ...VIEWS], keys: ['ctrl+c'], label: 'Ctrl-C', does: 'quit', help: 'quit, from anywhere', footer: false, run: (c) => c.quit() },
  { modes: VIEWS, keys: ['?'], label: '?', does: 'more', help: 'help: the legend, the keys of the view you came from, then every other key (it scrolls)', footerWhen: (s) => s.ui.view !== 'help', run: ({ state }) => (state.ui.view === 'help' ? state.actions.closeView() : state.actions.openView('help')) },
  { modes: VIEWS, keys: ['q'], label: 'q', does: 'quit', help: 'quit; the terminal is restored exactly', run: (c) => c.quit() },
  { modes: SUB_VIEWS, keys: ['escape'], label: 'Esc', does: 'back', help: 'back to the view before', run: ({ state }) => state.actions.closeView() },
  { modes: ['dashboard'], keys: ['escape'], label: 'Esc', does: 'clear filter', help: 'clear the filter', footer: false, run: ({ state }) => state.actions.clearFilter() },

  { modes: SCROLLS, keys: ['up', 'k'], label: '↑ k', does: 'up', help: 'move the selection up (in help: scroll up)', footer: false, run: (c) => move(c, -1) },
  { modes: SCROLLS, keys: ['down', 'j'], label: '↓ j', does: 'down', help: 'move the selection down (in help: scroll down)', footerAs: { label: 'j/k', does: 'move' }, run: (c) => move(c, 1) },
  { modes: SCROLLS, keys: ['pageup'], label: 'PgUp', does: 'page up', help: 'move a page up', footer: false, run: (c) => move(c, -c.pageSize) },
  { modes: SCROLLS, keys: ['pagedown'], label: 'PgDn', does: 'page down', help: 'move a page down', footer: false, run: (c) => move(c, c.pageSize) },
  { modes: SCROLLS, keys: ['home'], label: 'Home', does: 'first', help: 'the first row (in help: the top)', footer: false, run: (c) => jump(c, 'first') },
  { modes: SCROLLS, keys: ['end'], label: 'End', does: 'last', help: 'the last row (in help: the end)', footer: false, run: (c) => jump(c, 'last') },

  { modes: ['dashboard'], keys: ['return'], label: 'Enter', does: 'detail', help: 'detail of the selected API: URL, owner and contacts, percentiles, connection phases, status codes, recent errors', run: ({ state }) => state.actions.openView('detail') },
  {
    modes: ['detail'],
    keys: ['1', '2', '3', '4', '5', '6'],
    label: '1…6',
    does: 'range',
    help: `the latency chart over ${CHART_RANGES.join(', ')} of the stored history (1 to 6), with min, p95 and max; refreshed each minute`,
    run: ({ state, key }) => state.actions.wantChartRange(CHART_RANGES[Number(key.name) - 1]!),
  },
  { modes: ['alarms', 'detail'], keys: ['return'], label: 'Enter', does: 'alarm detail', help: "the alarm's detail: value against threshold, rule, SLA clocks, every transition, the ack note, the route and each delivery", run: openAlarm },
  { modes: ['notifications'], keys: ['return'], label: 'Enter', does: 'attempts', help: "the selected message's attempts: each try, the receiver's answer and when; Enter again hides them", run: ({ state }) => state.actions.toggleMessage() },
  { modes: ['teams'], keys: ['return'], label: 'Enter', does: 'show team', help: 'show the team under the cursor', run: ({ state }) => state.actions.pickTeamAtCursor() },
  { modes: ['dashboard'], keys: ['A', 'tab'], label: 'A Tab', does: 'alarms', help: 'the alarms view: firing, pending, acknowledged, muted and resolved alarms with their SLA clocks', run: ({ state }) => state.actions.openView('alarms') },
  { modes: ['alarms'], keys: ['A', 'tab'], label: 'A Tab', does: 'back', help: 'back from the alarms view', footer: false, run: ({ state }) => state.actions.closeView() },
  { modes: ALARM_KEYS, keys: ['a'], label: 'a', does: 'ack', help: "acknowledge the selected alarm (or the selected API's firing alarms), with an optional note", run: ({ state }) => state.actions.beginAcknowledge() },
  { modes: ALARM_KEYS, keys: ['U'], label: 'U', does: 'un-ack', help: 'withdraw the acknowledgement', run: ({ state }) => state.actions.unacknowledgeSelected() },
  { modes: ALARM_KEYS, keys: ['m'], label: 'm', does: 'mute', help: 'mute: this alarm, this API, the whole team or a rule everywhere; 15m, 1h, 4h, 1d or typed', run: ({ state }) => state.actions.beginMute() },
  { modes: ALARM_KEYS, keys: ['u'], label: 'u', does: 'unmute', help: "lift the mutes of the selected alarm or API (a team's or a rule's mute is lifted in the mutes view, M)", run: ({ state }) => state.actions.unmuteSelected() },
  { modes: ['mutes'], keys: ['u'], label: 'u', does: 'unmute', help: 'lift the selected mute', run: ({ state }) => state.actions.unmuteAtCursor() },
  { modes: ['dashboard', 'alarms'], keys: ['M'], label: 'M', does: 'mutes', help: 'every active mute: scope, author, reason, start and end', run: ({ state }) => state.actions.openView('mutes') },
  { modes: ['dashboard'], keys: ['W'], label: 'W', does: 'maintenance', help: 'maintenance windows in force and the next 7 days: what each covers, start and end, from the config or the CLI and why', run: ({ state }) => state.actions.openView('maintenance') },
  { modes: ['dashboard'], keys: ['n'], label: 'n', does: 'notifications', help: 'notifications: deliveries and failures per channel, queue depth, the route each alarm took', run: ({ state }) => state.actions.openView('notifications') },
  { modes: ['dashboard'], keys: ['o'], label: 'o', does: 'owner', help: 'the ownership card of the selected API: steward, contacts, SLA policy, channels and routes, escalation', run: ({ state }) => state.actions.openView('owner') },
  { modes: ['dashboard', 'alarms', 'mutes', 'notifications'], keys: ['/'], label: '/', does: 'filter', help: 'filter the list by name, family, team (alarms also by rule, mutes by author and reason, notifications by channel) as you type; Enter keeps it, Esc clears it; one filter for every list', run: ({ state }) => state.actions.startFilter() },
  { modes: ['dashboard'], keys: ['t'], label: 't', does: 'team', help: 'show one team (remembered for next time; also --team ID)', run: ({ state }) => state.actions.openView('teams') },
  { modes: ['teams'], keys: ['t'], label: 't', does: 'back', help: 'back from the team picker', footer: false, run: ({ state }) => state.actions.closeView() },
  { modes: ['dashboard'], keys: ['s'], label: 's', does: 'sort', help: 'cycle the sort: health, latency (p95), 5xx rate, name', run: ({ state }) => state.actions.cycleSort() },
  { modes: ['dashboard', 'alarms'], keys: ['p'], label: 'p', does: 'pause', help: 'pause the order of rows and alarms while you act (figures still update); p again resumes', run: ({ state }) => state.actions.togglePause() },
  { modes: ['dashboard'], keys: ['g'], label: 'g', does: 'scale', help: "sparklines to one scale for the whole screen, or each row's own", run: ({ state }) => state.actions.toggleSharedScale() },
  { modes: LISTS, keys: ['mouse'], label: 'wheel click', does: 'scroll, select', help: 'the mouse wheel moves the selection three rows; a click selects the API under it (off with --no-mouse)', footer: false, run: mouse },

  { modes: ['filter'], keys: ['return'], label: 'Enter', does: 'keep', help: 'keep the filter', run: ({ state }) => state.actions.commitFilter() },
  { modes: ['filter'], keys: ['escape'], label: 'Esc', does: 'clear', help: 'clear the filter', run: ({ state }) => state.actions.clearFilter() },
  { modes: ['filter'], keys: ['backspace', 'delete'], label: '⌫', does: 'delete', help: 'delete the last character', run: ({ state }) => state.actions.typeFilter((state.ui.filterDraft ?? '').slice(0, -1)) },
  { modes: ['filter'], keys: ['text'], label: 'type', does: 'name, family, team', help: 'the filter text', footer: false, run: ({ state, key }) => state.actions.typeFilter((state.ui.filterDraft ?? '') + key.text) },

  { modes: ['prompt'], keys: ['text'], label: 'type', does: 'note, duration, reason', help: 'the note, the duration or the reason; at the duration step a digit starts a typed duration', footerWhen: typing, doesNow: (s) => TYPED[s.ui.prompt?.kind === 'ack' ? 'ack' : (mutePrompt(s)?.step ?? '')] ?? '', run: ({ state, key }) => state.actions.promptType(key.text) },
  { modes: ['prompt'], keys: ['return'], label: 'Enter', does: 'next', help: 'the next step; on the last, do it', doesNow: (s) => (s.ui.prompt?.kind === 'ack' ? 'acknowledge' : mutePrompt(s)?.step === 'reason' ? 'mute' : 'next'), run: ({ state }) => state.actions.promptConfirm() },
  { modes: ['prompt'], keys: ['escape'], label: 'Esc', does: 'cancel', help: 'cancel the dialog', run: ({ state }) => state.actions.promptCancel() },
  { modes: ['prompt'], keys: ['up', 'left', 'shift+tab'], label: '↑', does: 'previous', help: 'the previous choice (scope or duration)', footer: false, run: ({ state }) => state.actions.promptMove(-1) },
  { modes: ['prompt'], keys: ['down', 'right', 'tab'], label: '↓', does: 'next choice', help: 'the next choice (scope or duration)', footerAs: { label: '↑↓', does: 'choose' }, footerWhen: choosing, run: ({ state }) => state.actions.promptMove(1) },
  { modes: ['prompt'], keys: ['backspace', 'delete'], label: '⌫', does: 'delete', help: 'delete the last character', footerWhen: (s) => typing(s) && mutePrompt(s)?.step !== 'duration', run: ({ state }) => state.actions.promptBackspace() },
];

/** How the help and the notices name each mode. */
export const MODE_NAMES: Record<Mode, string> = {
  dashboard: 'the dashboard',
  detail: "an API's detail",
  help: 'help',
  teams: 'the team picker',
  alarms: 'the alarms view',
  alarm: "an alarm's detail",
  mutes: 'the mutes view',
  owner: 'the ownership card',
  notifications: 'the notifications view',
  maintenance: 'the maintenance view',
  filter: 'typing a filter',
  prompt: 'a dialog',
};

/** For a key that does nothing here but works in other views: one line saying where, e.g. "s (sort) works in the dashboard". */
export function elsewhereNotice(mode: Mode, key: KeyPress, table: readonly KeyBinding[] = KEY_TABLE): string | undefined {
  if (mode === 'filter' || mode === 'prompt' || key.name === 'mouse') return undefined;
  const others = table.filter((b) => b.keys.includes(key.name) && !b.modes.includes(mode));
  if (others.length === 0) return undefined;
  const views = [...new Set(others.flatMap((b) => b.modes.filter((m) => m !== 'filter' && m !== 'prompt')))];
  if (views.length === 0) return undefined;
  const where = views.map((m) => MODE_NAMES[m]);
  const list = where.length === 1 ? where[0]! : `${where.slice(0, -1).join(', ')} and ${where.at(-1)!}`;
  return `${key.text || others[0]!.label} (${others[0]!.does}) works in ${list}${mode === 'dashboard' ? '' : '; Esc goes back'}`;
}

export function modeOf(state: FleetState): Mode {
  if (state.ui.prompt !== undefined) return 'prompt';
  if (state.ui.filterDraft !== undefined) return 'filter';
  return state.ui.view;
}

export function bindingFor(mode: Mode, key: KeyPress, table: readonly KeyBinding[] = KEY_TABLE): KeyBinding | undefined {
  return (
    table.find((b) => b.modes.includes(mode) && b.keys.includes(key.name)) ??
    (key.text === '' ? undefined : table.find((b) => b.modes.includes(mode) && b.keys.includes('text')))
  );
}

/** Handles one key against the state as it is now: a burst of keys is handled one after another, in order. */
export function handleKey(context: KeyContext): void {
  const { state } = context;
  if (state.ui.notice !== undefined) state.actions.setNotice(undefined);
  const mode = modeOf(state);
  const binding = bindingFor(mode, context.key);
  if (binding) return binding.run(context);
  if (context.key.name === 'paste') return state.actions.setNotice('A paste types only into the filter (/) or a dialog: here it does nothing.');
  const notice = elsewhereNotice(mode, context.key);
  if (notice) state.actions.setNotice(notice);
}

/**
 * Whether the key was an Enter that closed a dialog or the filter. The keys after it in the same chunk are
 * then the rest of a paste the terminal did not mark, and are dropped: not run on the list.
 */
export function closedTextEntry(key: KeyPress, before: Mode, after: Mode): boolean {
  return key.name === 'return' && (before === 'prompt' || before === 'filter') && after !== before;
}

/** What the footer writes for a binding: its label and word, as the state is now. */
export function footerText(binding: KeyBinding, state?: FleetState): { label: string; does: string } {
  const does = state && binding.doesNow ? binding.doesNow(state) : (binding.footerAs?.does ?? binding.does);
  return { label: binding.footerAs?.label ?? binding.label, does };
}

/** The bindings a mode's footer lists: the most used first, the rest in table order, `?` last (a narrow footer drops the middle). */
export function footerBindings(mode: Mode, table: readonly KeyBinding[] = KEY_TABLE, state?: FleetState): KeyBinding[] {
  const rank = (b: KeyBinding): number => {
    if (b.keys.includes('?')) return FOOTER_FIRST.length + 1;
    const first = FOOTER_FIRST.findIndex((key) => b.keys.includes(key));
    return first >= 0 ? first : FOOTER_FIRST.length;
  };
  return table
    .filter((b) => b.modes.includes(mode) && b.footer !== false && (state === undefined || b.footerWhen === undefined || b.footerWhen(state)))
    .map((b, i) => ({ b, i, rank: rank(b) }))
    .sort((x, y) => x.rank - y.rank || x.i - y.i)
    .map((x) => x.b);
}

/** The bindings the help lists for a mode: every one that works there. */
export function helpBindings(mode: Mode, table: readonly KeyBinding[] = KEY_TABLE): KeyBinding[] {
  return table.filter((b) => b.modes.includes(mode));
}

/** README's key table, one row per binding: `npm test` checks README against it. */
export function keyTableMarkdown(table: readonly KeyBinding[] = KEY_TABLE): string {
  const where = (modes: readonly Mode[]): string => (VIEWS.every((v) => modes.includes(v)) ? 'every view' : modes.join(', '));
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  const rows = table.map((b) => `| ${b.label.split(' ').map((k) => `\`${k}\``).join(' ')} | ${cell(where(b.modes))} | ${cell(b.help)} |`);
  return ['| key | where | does |', '|---|---|---|', ...rows].join('\n');
}
