import { Box, Text, useStdin } from 'ink';
import { useRef } from 'react';
import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import { AlarmDetail } from './AlarmDetail.js';
import { AlarmsView } from './AlarmsView.js';
import { DetailPane } from './DetailPane.js';
import { FleetList } from './FleetList.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { remoteProblem } from './remote-text.js';
import { HelpView } from './HelpView.js';
import { MutesView } from './MutesView.js';
import { MaintenanceWindowsView } from './MaintenanceWindowsView.js';
import { NotificationsView } from './NotificationsView.js';
import { closedTextEntry, handleKey, modeOf } from './key-table.js';
import { apiAtScreenRow } from './list-window.js';
import { useKeyStream } from './use-key-stream.js';
import { OwnershipCard } from './OwnershipCard.js';
import type { Painter } from './paint.js';
import { promptHeight, PromptBox } from './PromptBox.js';
import { TeamPicker } from './TeamPicker.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface AppProps {
  store: FleetStore;
  painter: Painter;
  onQuit: () => void;
  /** Injected so tests and screenshots are stable. */
  now?: () => number;
}

/** Never taller than the terminal less one row: Ink clears the whole screen each frame otherwise. */
export function App({ store, painter, onQuit, now = Date.now }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const view = useStore(store, (s) => s.ui.view);
  const warnings = useStore(store, (s) => s.warnings);
  const { isRawModeSupported } = useStdin();
  const height = Math.max(6, rows - 1);
  const remoteTrouble = useStore(store, (s) => remoteProblem(s.remote) !== undefined);
  const headerLines = 2 + (remoteTrouble ? 1 : 0) + Math.min(warnings.length, 2);
  const prompt = useStore(store, (s) => s.ui.prompt);
  const promptLines = prompt ? promptHeight(prompt) : 0;
  const bodyHeight = Math.max(1, height - headerLines - promptLines - 1);
  const pageSize = useRef(bodyHeight);
  pageSize.current = Math.max(1, bodyHeight - 2);

  const listTop = useRef(0);
  // The list's column headings take the body's first row; its lines start below them.
  const layout = useRef({ linesAbove: 0, listHeight: 0 });
  layout.current = { linesAbove: headerLines + 1, listHeight: Math.max(1, bodyHeight - 1) };
  const apiAtRow = (screenRow: number): string | undefined => {
    const state = store.getState();
    return apiAtScreenRow(state.selectRows(state), listTop.current, layout.current.linesAbove, layout.current.listHeight, screenRow);
  };

  useKeyStream((key) => {
    const before = modeOf(store.getState());
    handleKey({ state: store.getState(), key, pageSize: pageSize.current, quit: onQuit, apiAtRow });
    return closedTextEntry(key, before, modeOf(store.getState()));
  }, isRawModeSupported === true);

  return (
    <Box flexDirection="column" height={height} width={columns}>
      <Header store={store} painter={painter} width={columns} now={now} />
      {warnings.slice(0, 2).map((warning) => (
        <Text key={warning} wrap="truncate">
          {painter.paint('degraded', `! ${warning}`)}
        </Text>
      ))}
      <Box flexDirection="column" height={bodyHeight}>
        {view === 'detail' ? (
          <DetailPane store={store} painter={painter} width={columns} height={bodyHeight} />
        ) : view === 'help' ? (
          <HelpView store={store} painter={painter} width={columns} height={bodyHeight} />
        ) : view === 'owner' ? (
          <OwnershipCard store={store} painter={painter} width={columns} height={bodyHeight} />
        ) : view === 'teams' ? (
          <TeamPicker store={store} painter={painter} width={columns} height={bodyHeight} />
        ) : view === 'notifications' ? (
          <NotificationsView store={store} painter={painter} width={columns} height={bodyHeight} />
        ) : view === 'mutes' ? (
          <MutesView store={store} painter={painter} width={columns} height={bodyHeight} now={now} />
        ) : view === 'maintenance' ? (
          <MaintenanceWindowsView store={store} painter={painter} width={columns} height={bodyHeight} now={now} />
        ) : view === 'alarm' ? (
          <AlarmDetail store={store} painter={painter} width={columns} height={bodyHeight} now={now} />
        ) : view === 'alarms' ? (
          <AlarmsView store={store} painter={painter} width={columns} height={bodyHeight} now={now} />
        ) : (
          <FleetList store={store} painter={painter} width={columns} height={bodyHeight} topRef={listTop} />
        )}
      </Box>
      {prompt ? <PromptBox prompt={prompt} painter={painter} width={columns} now={now()} /> : null}
      <Footer store={store} painter={painter} width={columns} />
    </Box>
  );
}
