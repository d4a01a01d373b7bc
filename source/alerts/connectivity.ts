import type { Outcome, ProbeSample } from '../core/probe-sample.js';

/** Outcomes that say the request never got an answer: our network is as likely to blame as the API. HTTP statuses and assertions are answers. */
export const NETWORK_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>(['dns', 'connection_refused', 'timeout', 'reset']);

/** Fewer hosts failing together is as likely one provider's outage as ours. */
export const MIN_OFFLINE_HOSTS = 3;

export function isNetworkOutcome(outcome: Outcome): boolean {
  return NETWORK_OUTCOMES.has(outcome);
}

/** A stretch of time the prober was offline; `until` is unset while it lasts. */
export interface OfflineSpell {
  since: number;
  until?: number | undefined;
}

export interface ConnectivityChange {
  kind: 'offline' | 'online';
  at: number;
  spell: OfflineSpell;
}

export interface ConnectivityOptions {
  /** The probed APIs and the host each one is on. */
  apis: readonly { id: string; host: string }[];
  /** Share (0..1) of the APIs whose latest probe failed with a network-class outcome. */
  threshold: number;
}

/**
 * Tells our own outage from the APIs': offline when, by each API's latest probe, at least `threshold` of the
 * APIs fail with network-class outcomes across at least MIN_OFFLINE_HOSTS hosts, or when the connectivity URL's
 * latest probe does. Time is passed in.
 */
export class ConnectivityDetector {
  private readonly hostOf: Map<string, string>;
  private readonly latest = new Map<string, Outcome>();
  private reference: Outcome | undefined;
  private spell: OfflineSpell | undefined;
  private ended: OfflineSpell | undefined;

  constructor(private readonly options: ConnectivityOptions) {
    this.hostOf = new Map(options.apis.map((api) => [api.id, api.host]));
  }

  record(sample: Pick<ProbeSample, 'apiId' | 'outcome'>): void {
    if (this.hostOf.has(sample.apiId)) this.latest.set(sample.apiId, sample.outcome);
  }

  /** The connectivity URL's latest probe. */
  recordReference(outcome: Outcome): void {
    this.reference = outcome;
  }

  /** Enters or leaves the offline state by the latest probes; returns the change, if any. */
  evaluate(now: number): ConnectivityChange | undefined {
    const offline = this.unreachable();
    if (offline && !this.spell) {
      this.spell = { since: now };
      return { kind: 'offline', at: now, spell: this.spell };
    }
    if (!offline && this.spell) {
      this.ended = { since: this.spell.since, until: now };
      this.spell = undefined;
      return { kind: 'online', at: now, spell: this.ended };
    }
    return undefined;
  }

  /** The spell going on now, or undefined while online. */
  current(): OfflineSpell | undefined {
    return this.spell;
  }

  /** The last spell that ended. */
  lastEnded(): OfflineSpell | undefined {
    return this.ended;
  }

  private unreachable(): boolean {
    if (this.reference !== undefined && isNetworkOutcome(this.reference)) return true;
    const total = this.hostOf.size;
    if (total === 0) return false;
    const hosts = new Set<string>();
    let failing = 0;
    for (const [apiId, outcome] of this.latest) {
      if (!isNetworkOutcome(outcome)) continue;
      failing += 1;
      hosts.add(this.hostOf.get(apiId)!);
    }
    return hosts.size >= MIN_OFFLINE_HOSTS && failing >= this.options.threshold * total;
  }
}
