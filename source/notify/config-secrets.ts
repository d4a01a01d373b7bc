import type { Config } from '../config/types.js';
import { channelSecrets } from './channels/registry.js';

/** Every secret the config holds: interpolated environment values plus what each channel type calls secret. */
export function configSecrets(config: Pick<Config, 'secrets' | 'channels'>): string[] {
  return [...config.secrets, ...Object.values(config.channels).flatMap(channelSecrets)];
}
