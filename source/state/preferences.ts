import Conf from 'conf';

export interface Preferences {
  /** The team last picked for a config (configs are keyed by path: different fleets, different teams). */
  team(configKey: string): string | undefined;
  setTeam(configKey: string, team: string | undefined): void;
}

interface Stored {
  teams: Record<string, string>;
}

/** Remembered UI choices, kept with conf in the user's config directory; never fatal if unreadable. */
export function openPreferences(env: NodeJS.ProcessEnv): Preferences {
  let store: Conf<Stored> | undefined;
  try {
    store = new Conf<Stored>({
      projectName: 'api-health',
      projectSuffix: '',
      configName: 'preferences',
      defaults: { teams: {} },
      clearInvalidConfig: true,
      ...(env.API_HEALTH_PREFERENCES_DIR ? { cwd: env.API_HEALTH_PREFERENCES_DIR } : {}),
    });
  } catch {
    store = undefined;
  }
  return {
    team: (key) => store?.get('teams')[key],
    setTeam: (key, team) => {
      if (!store) return;
      const teams = { ...store.get('teams') };
      if (team === undefined) delete teams[key];
      else teams[key] = team;
      try {
        store.set('teams', teams);
      } catch {
        // A read-only config directory must not take the dashboard down; the choice is simply not kept.
      }
    },
  };
}
