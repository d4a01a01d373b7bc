#!/usr/bin/env node
import './production.js';
import { run } from './commands/run.js';

// `npm start -- ARGS`: the same program, on the demo fleet unless ARGS name a config.
process.exitCode = await run(process.argv.slice(2), { demoByDefault: true });
