import { afterAll, afterEach, beforeAll } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from './real-binaries.js';

export interface AlertmanagerSuite {
  /** The Alertmanager of the describe block; there once its beforeAll has run. */
  readonly server: RunningAlertmanager;
  /** Run after this test, last registered first (runtimes stopped, directories removed). */
  later(cleanup: () => Promise<void> | void): void;
}

/**
 * One real Alertmanager for a describe block: started before its first test and stopped after its last. After
 * each test the registered cleanups run, then `afterCleanups` (an Alertmanager emptied for the next test).
 */
export function useAlertmanager(afterCleanups?: (server: RunningAlertmanager) => Promise<void>): AlertmanagerSuite {
  let server: RunningAlertmanager | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    server = await startAlertmanager();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (server) await afterCleanups?.(server);
  });
  return {
    get server() {
      if (!server) throw new Error('the Alertmanager is started in beforeAll: read it inside a test');
      return server;
    },
    later: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
}
