/**
 * The import rules of source/, checked by `npm test` (npm run check:imports). The README's architecture
 * section explains each folder; this file is what keeps the picture true.
 *
 * LAYERS lists the folders from the bottom up: a folder may import only folders on lower layers, never one
 * on its own layer or above. That one rule rules out every folder-level cycle and keeps data flowing one
 * way; the named rules after it say the same things again where a violation deserves its own message.
 */
const LAYERS = [
  ['core'], // the shared vocabulary: clock, probe sample, alarm model, labels. Imports nothing of ours.
  ['text'], // terminal and document text: sanitize, widths, tables, markup, redaction
  ['channel-schemas'], // each channel type's config schema (zod only), so config validates channels without the code that sends
  ['config'], // the config file: schema, loading, validation into typed objects
  ['metrics', 'probe'], // metric windows (pure) | HTTP probes (I/O)
  ['alerts'], // rules, alarm life cycle, mutes, SLA clocks, burn rates (pure)
  ['persistence'], // state directory, lock, event log, atomic writes
  ['notify', 'alertmanager', 'sources', 'metrics-endpoint'], // delivery | silences API | Prometheus figures | /metrics
  ['ownership', 'config-export', 'state', 'demo'], // ownership list | generated Prometheus/Alertmanager config | zustand store | demo fleet
  ['docs', 'ui', 'report'], // generated documents | Ink views | check report
  ['engine'], // wiring: scheduler, probes -> windows -> rules -> store and notifier
  ['commands'], // one file per CLI command
];

const folders = LAYERS.flat();
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((folder) => {
    const notBelow = [...LAYERS.slice(index).flat().filter((f) => f !== folder)];
    return {
      name: `layer:${folder}`,
      severity: 'error',
      comment: `${folder}/ may import only folders on lower layers (see LAYERS); this one is on its layer or above it`,
      from: { path: `^source/${folder}/` },
      to: { path: `^source/(${notBelow.join('|')})/` },
    };
  }),
);

const IO_BUILTINS = '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|worker_threads)$';

module.exports = {
  forbidden: [
    {
      name: 'core-is-a-leaf',
      severity: 'error',
      comment: 'core/ is the vocabulary every layer shares: it imports nothing of ours, so any layer can use it without a cycle',
      from: { path: '^source/core/' },
      to: { path: '^source/', pathNot: '^source/core/' },
    },
    {
      name: 'pure-metrics-and-alerts',
      severity: 'error',
      comment: 'metrics/ and alerts/ are pure and tested with a manual clock: no I/O, no probing, no sending, no UI',
      from: { path: '^source/(metrics|alerts)/' },
      to: { path: '^source/(persistence|probe|notify|alertmanager|sources|metrics-endpoint|engine|ui|commands|demo)/' },
    },
    {
      name: 'pure-metrics-and-alerts-no-io',
      severity: 'error',
      comment: 'metrics/ and alerts/ are pure: files, sockets and processes belong to the edges',
      from: { path: '^source/(core|metrics|alerts|config-export)/' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'engine-without-ui',
      severity: 'error',
      comment: 'the engine runs headless (check, monitor): it writes the store and never imports the UI, Ink or React',
      from: { path: '^source/engine/' },
      // Ink's package exports only an ESM entry that the cruiser leaves unresolved, named by the bare specifier.
      to: { path: ['^source/ui/', '^node_modules/(ink|react)/', '^(ink|react)$'] },
    },
    {
      name: 'ui-renders-only',
      severity: 'error',
      comment: 'the UI renders the store and dispatches actions: it never probes, sends, reads files or runs the engine',
      from: { path: '^source/ui/' },
      to: { path: ['^source/(probe|notify|alertmanager|sources|persistence|engine)/', '^node_modules/undici/'] },
    },
    {
      name: 'config-below-engine',
      severity: 'error',
      comment: 'config is read once into typed objects before anything runs: it imports no engine, store or notifier',
      from: { path: '^source/config/' },
      to: { path: '^source/(engine|state|notify|probe|ui|commands)/' },
    },
    {
      name: 'sql-in-persistence-only',
      severity: 'error',
      comment: 'stored history is one layer: SQLite (and so SQL) is reached from persistence/ alone; the core stays pure',
      from: { path: '^source/', pathNot: '^source/persistence/' },
      to: { path: '^node_modules/better-sqlite3/' },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment: 'two modules that import each other are one module in two files (a lazy import() back is not a cycle at load time)',
      from: { path: '^source/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'known-folders',
      severity: 'error',
      comment: 'every folder of source/ has a place in LAYERS (a new folder needs one)',
      from: { path: `^source/(?!(${folders.join('|')})/)[^/]+/` },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages are not followed, but they stay in the graph: the rules on Ink, React, undici and SQLite need them.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
