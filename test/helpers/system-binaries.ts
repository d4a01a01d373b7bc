import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, describe as vitestDescribe, inject, it as vitestIt, type SuiteOptions, type TestFunction } from 'vitest';

/** The system programs integration suites drive, each with the Debian package that installs it. */
export const SYSTEM_BINARIES = {
  tmux: 'tmux',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
  openssl: 'openssl',
  ngircd: 'ngircd',
  // A small tmpfs is the real full or read-only disk; without mount the suites would wait on a directory root may write.
  mount: 'mount',
  umount: 'mount',
} as const;

export type SystemBinary = keyof typeof SYSTEM_BINARIES;

/** The project a test file runs in (vitest.config.ts provides it), so a file driving binaries cannot land in `unit`. */
export type TestProject = 'unit' | 'integration';

declare module 'vitest' {
  interface ProvidedContext {
    testProject: TestProject;
  }
  interface TaskMeta {
    /** Set on the suites and tests of `needsBinaries` when one of their programs is not on PATH. */
    missingBinaries?: SystemBinary[];
  }
}

/** What becomes of a suite: it runs, it is skipped on a developer's machine, or under CI it fails. */
export type Plan = 'run' | 'skip' | 'fail';

export function missingBinaries(names: readonly SystemBinary[], path: string): SystemBinary[] {
  const dirs = path.split(delimiter).filter((dir) => dir !== '');
  return names.filter((name) => !dirs.some((dir) => isExecutable(join(dir, name))));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CI services set CI to "true" (or "1"); a developer's shell may carry CI=false. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export function planFor(missing: readonly SystemBinary[], ci: boolean): Plan {
  if (missing.length === 0) return 'run';
  return ci ? 'fail' : 'skip';
}

/** The Debian packages that provide `names`, each once, in a stable order. */
export function packagesFor(names: readonly SystemBinary[]): string[] {
  return [...new Set(names.map((name) => SYSTEM_BINARIES[name]))].sort();
}

export function installCommand(names: readonly SystemBinary[]): string {
  return `apt-get install ${packagesFor(names).join(' ')}`;
}

export function missingBinariesMessage(missing: readonly SystemBinary[]): string {
  return `${missing.map((name) => `"${name}"`).join(', ')} not on PATH (${installCommand(missing)})`;
}

/** A loud failure for a helper that starts a program a test did not declare with `needsBinaries`. */
export function requireBinary(name: SystemBinary): void {
  const missing = missingBinaries([name], process.env.PATH ?? '');
  if (missing.length > 0) throw new Error(`${missingBinariesMessage(missing)}: declare it with needsBinaries() in the test file, so the suite skips`);
}

type Factory = () => void;

export interface IntegrationApi {
  describe(name: string, factory: Factory): void;
  describe(name: string, options: SuiteOptions, factory: Factory): void;
  it(name: string, fn: TestFunction, timeout?: number): void;
}

/**
 * `describe` and `it` for suites that drive system programs. With every program on PATH they are vitest's
 * own. Without one they are skipped (their hooks never start a server) and marked, so the run ends naming
 * them; under CI they fail instead, because a CI run that skips them would prove nothing.
 */
export function needsBinaries(names: readonly SystemBinary[]): IntegrationApi {
  if (inject('testProject') !== 'integration') {
    throw new Error(`a test file that needs ${names.join(', ')} belongs to the integration project: list it in vitest.config.ts`);
  }
  const missing = missingBinaries(names, process.env.PATH ?? '');
  const plan = planFor(missing, isCi(process.env));
  const meta = { missingBinaries: missing };
  const failure = (): never => {
    throw new Error(`CI=true and ${missingBinariesMessage(missing)}: under CI a suite that cannot run fails, never skips`);
  };

  function describe(name: string, optionsOrFactory: SuiteOptions | Factory, maybeFactory?: Factory): void {
    const [options, factory] = typeof optionsOrFactory === 'function' ? [{}, optionsOrFactory] : [optionsOrFactory, maybeFactory!];
    if (plan === 'run') vitestDescribe(name, options, factory);
    else if (plan === 'skip') vitestDescribe(name, { ...options, skip: true, meta }, factory);
    else {
      vitestDescribe(name, { ...options, meta }, () => {
        beforeAll(failure);
        factory();
      });
    }
  }

  function it(name: string, fn: TestFunction, timeout?: number): void {
    if (plan === 'run') vitestIt(name, { timeout }, fn);
    else if (plan === 'skip') vitestIt(name, { timeout, skip: true, meta }, fn);
    else vitestIt(name, { timeout, meta }, failure);
  }

  return { describe, it };
}
