import { isAbsolute, join, resolve } from 'node:path';

export interface StateDirInputs {
  /** The --state-dir flag, relative to cwd. */
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
}

/** --state-dir, else $XDG_STATE_HOME/api-health (when absolute, as the XDG spec requires), else ~/.local/state/api-health. */
export function resolveStateDir({ flag, env, home, cwd }: StateDirInputs): string {
  if (flag !== undefined && flag !== '') return resolve(cwd, flag);
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'api-health');
  return join(home, '.local', 'state', 'api-health');
}
