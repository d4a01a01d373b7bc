import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The integration suites: those that drive system binaries (tmux, prometheus, promtool,
 * prometheus-alertmanager, amtool; `needsBinaries` refuses to run anywhere else) and those that spawn the
 * built program (or vitest itself), which take seconds each. Everything else is `unit`.
 */
const INTEGRATION = [
  'test/e2e/**/*.test.{ts,tsx}',
  'test/persistence/short-write.test.ts',
  'test/alertmanager/silences.test.ts',
  'test/probe/certificates.test.ts',
  'test/commands/check.test.ts',
  'test/commands/check-alarms.test.ts',
  'test/commands/check-throttled.test.ts',
  'test/commands/check-patterns.test.ts',
  'test/commands/import-literal.test.ts',
  'test/commands/import-x-amples.test.ts',
  'test/commands/check-verdict.test.ts',
  'test/commands/help.test.ts',
  'test/commands/maintenance-silence.test.ts',
  'test/commands/usage-errors.test.ts',
  'test/commands/validate.test.ts',
  'test/commands/state-location.test.ts',
  'test/engine/shared-mutes.test.ts',
  'test/engine/shared-acks.test.ts',
  'test/engine/sender-heartbeat.test.ts',
  'test/engine/vantage-poller.test.ts',
  'test/engine/remote-chart.test.tsx',
  'test/config-export/alertmanager.test.ts',
  'test/config-export/alertmanager-wikimedia-channels.test.ts',
  'test/config-export/dependency-inhibit.test.ts',
  'test/config-export/prometheus-rules.test.ts',
  'test/config-export/pyrra.test.ts',
  'test/config-export/certificate-rules.test.ts',
  'test/config-export/one-alert.test.ts',
  'test/config-export/receiver-templates.test.ts',
  'test/config-export/deadman-rules.test.ts',
  'test/config-export/quorum-rules.test.ts',
  'test/config-export/rules-on-prometheus.test.ts',
  'test/config-export/operations-alerts-layout.test.ts',
  'test/import-rules.test.ts',
  'test/metrics-endpoint/exporter.test.ts',
  'test/metrics-endpoint/vantage-label.test.ts',
  'test/helpers/needs-binaries-run.test.ts',
  'test/notify/channels/alertmanager.test.ts',
  'test/notify/channels/irc.test.ts',
  'test/notify/outbox-crash.test.ts',
  'test/sources/prometheus-loop.test.ts',
  'test/sources/source-health.test.ts',
  'test/ui/alarms-view.test.tsx',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/skip-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Files share one module cache per worker: importing Ink, React and zod for each file anew was
          // most of the project's time. Safe because no module keeps mutable state (a project rule).
          isolate: false,
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...INTEGRATION],
          provide: { testProject: 'unit' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          // The concurrent tests here each start the built program, a second or two of CPU: more at once than
          // there are cores only stretches every start towards its timeout, as 7 at once did on 2 busy cores.
          maxConcurrency: availableParallelism(),
          provide: { testProject: 'integration' },
        },
      },
    ],
  },
});
