import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { VANTAGE_PATTERN } from './schema.js';
import type { Config, Defaults, Rule } from './types.js';

/** A host name as a vantage name: characters a label value here may not hold become "-", and it is cut at 63. */
export function hostVantage(host: string = hostname()): string {
  const cleaned = host.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return cleaned === '' ? 'localhost' : cleaned;
}

/** The vantage this process probes from: as configured (defaults.vantage or --vantage), else the host name. */
export function vantageName(defaults: Pick<Defaults, 'vantage'>): string {
  return defaults.vantage ?? hostVantage();
}

/** How many vantages must agree for a rule's alarm to be global. */
export function quorumOf(rule: Pick<Rule, 'quorum'>, defaults: Pick<Defaults, 'quorum'>): number {
  return rule.quorum ?? defaults.quorum ?? 1;
}

/** Why a --vantage value cannot be used, or undefined when it can. */
export function vantageProblem(name: string): string | undefined {
  return VANTAGE_PATTERN.test(name) ? undefined : `invalid vantage name ${JSON.stringify(name)} (use letters, digits, "-", "_" and ".", at most 63, such as eqiad)`;
}

/** Why a --local-address value cannot be used, or undefined when it can. */
export function localAddressProblem(address: string): string | undefined {
  return isIP(address) !== 0 ? undefined : `invalid local address ${JSON.stringify(address)} (expected an IP address of this machine, such as 127.0.0.2)`;
}

/** The config with the command line's --vantage and --local-address over its defaults. */
export function withVantage(config: Config, vantage: string | undefined, localAddress: string | undefined): Config {
  if (vantage === undefined && localAddress === undefined) return config;
  return {
    ...config,
    defaults: { ...config.defaults, ...(vantage !== undefined ? { vantage } : {}), ...(localAddress !== undefined ? { localAddress } : {}) },
  };
}
