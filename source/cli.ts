#!/usr/bin/env node
import './production.js';
import { run } from './commands/run.js';

const EXIT_GRACE_MS = 500;

process.exitCode = await run(process.argv.slice(2));
// Every command has finished its work and said so by now; a socket still open to a receiver that hangs must
// not keep the process alive (its message is in the outbox for the next start).
setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
