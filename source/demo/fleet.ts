/** The simulated fleet: Wikimedia-like APIs with the owners the public record names (see examples/wikimedia.yaml). */
export interface DemoApi {
  id: string;
  name: string;
  family: string;
  owner: string | undefined;
  /** Typical latency in milliseconds. */
  baseMs: number;
  /** APIs this one depends on: while one of them fires, this one's alarms are shown suppressed and not sent. */
  dependsOn?: string[];
  /** A recurring incident: every `everyMs`, starting at `offsetMs`, for `lastsMs`. */
  incident?: { kind: 'latency' | '5xx'; everyMs: number; offsetMs: number; lastsMs: number; extraMs?: number; errorShare?: number };
}

export const DEMO_TEAMS = [
  { id: 'mwi', name: 'MediaWiki Interfaces', email: 'mwi@example.org', slack: '#mediawiki-interfaces', phabricator: 'MW-Interfaces-Team' },
  { id: 'ctt', name: 'Content Transform Team', email: 'ctt@example.org', slack: '#content-transform', phabricator: 'Content-Transform-Team' },
  { id: 'dpe', name: 'Data Platform Engineering', email: 'data-platform@example.org', slack: '#data-platform', phabricator: 'Data-Platform' },
  { id: 'wmde', name: 'Wikidata (WMDE)', email: 'wikidata@example.org', slack: '#wikidata', phabricator: 'Wikidata' },
  { id: 'growth', name: 'Growth', email: 'growth@example.org', slack: '#growth-team', phabricator: 'Growth-Team' },
  { id: 'connection', name: 'Connection Team', email: 'connection@example.org', slack: '#connection-team', phabricator: 'Connection-Team' },
] as const;

export const DEMO_APIS: DemoApi[] = [
  { id: 'mw-rest-page', name: 'MediaWiki REST - page', family: 'MediaWiki REST', owner: 'mwi', baseMs: 45 },
  { id: 'mw-rest-search', name: 'MediaWiki REST - search', family: 'MediaWiki REST', owner: 'mwi', baseMs: 80 },
  { id: 'mw-rest-revision', name: 'MediaWiki REST - revision', family: 'MediaWiki REST', owner: 'mwi', baseMs: 40 },
  { id: 'mw-rest-history', name: 'MediaWiki REST - history', family: 'MediaWiki REST', owner: 'mwi', baseMs: 65 },
  { id: 'action-api-siteinfo', name: 'Action API - siteinfo', family: 'Action API', owner: 'mwi', baseMs: 35 },
  { id: 'action-api-query', name: 'Action API - query', family: 'Action API', owner: 'mwi', baseMs: 90 },
  { id: 'rest-v1-summary', name: 'Wikimedia REST - summary', family: 'Wikimedia REST', owner: 'ctt', baseMs: 30 },
  {
    id: 'rest-v1-html',
    name: 'Wikimedia REST - page html',
    family: 'Wikimedia REST',
    owner: 'ctt',
    baseMs: 140,
    incident: { kind: 'latency', everyMs: 120_000, offsetMs: 20_000, lastsMs: 45_000, extraMs: 900 },
  },
  // Built from the page html: it slows down a little after it, and its alarm is suppressed by the page html's.
  {
    id: 'rest-v1-mobile-html',
    name: 'Wikimedia REST - mobile html',
    family: 'Wikimedia REST',
    owner: 'ctt',
    baseMs: 110,
    dependsOn: ['rest-v1-html'],
    incident: { kind: 'latency', everyMs: 120_000, offsetMs: 30_000, lastsMs: 30_000, extraMs: 900 },
  },
  { id: 'rest-v1-feed', name: 'Wikimedia REST - feed availability', family: 'Wikimedia REST', owner: 'ctt', baseMs: 25 },
  { id: 'rest-v1-media', name: 'Wikimedia REST - media list', family: 'Wikimedia REST', owner: 'ctt', baseMs: 55 },
  {
    id: 'aqs-pageviews',
    name: 'AQS - pageviews per article',
    family: 'AQS',
    owner: 'dpe',
    baseMs: 70,
    incident: { kind: '5xx', everyMs: 150_000, offsetMs: 35_000, lastsMs: 40_000, errorShare: 0.45 },
  },
  { id: 'aqs-unique-devices', name: 'AQS - unique devices', family: 'AQS', owner: 'dpe', baseMs: 60 },
  { id: 'aqs-edits', name: 'AQS - edits', family: 'AQS', owner: 'dpe', baseMs: 95 },
  { id: 'wikibase-labels', name: 'Wikibase REST - item labels', family: 'Extension APIs', owner: 'wmde', baseMs: 50 },
  { id: 'wikibase-datatypes', name: 'Wikibase REST - property data types', family: 'Extension APIs', owner: 'wmde', baseMs: 20 },
  { id: 'growth-suggestions', name: 'GrowthExperiments - suggestions info', family: 'Extension APIs', owner: 'growth', baseMs: 75 },
  { id: 'campaign-events', name: 'CampaignEvents - participant questions', family: 'Extension APIs', owner: 'connection', baseMs: 60 },
  { id: 'api-portal-page', name: 'API Portal - core page', family: 'API Portal', owner: undefined, baseMs: 85 },
  { id: 'api-portal-search', name: 'API Portal - core search', family: 'API Portal', owner: undefined, baseMs: 120 },
];

/** Whether an incident is under way at `elapsedMs` since the demo started. */
export function incidentActive(api: DemoApi, elapsedMs: number): boolean {
  const incident = api.incident;
  if (!incident || elapsedMs < incident.offsetMs) return false;
  return (elapsedMs - incident.offsetMs) % incident.everyMs < incident.lastsMs;
}

/** One simulated response: realistic noise (log-normal, with rare slow outliers) plus any incident. */
export function simulate(api: DemoApi, elapsedMs: number, random: () => number): { delayMs: number; status: number } {
  const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let delayMs = api.baseMs * Math.exp(0.25 * gaussian);
  if (random() < 0.02) delayMs *= 3;
  let status = 200;
  if (incidentActive(api, elapsedMs)) {
    const incident = api.incident!;
    if (incident.kind === 'latency') delayMs += (incident.extraMs ?? 500) * (0.8 + 0.4 * random());
    else if (random() < (incident.errorShare ?? 0.3)) status = 503;
  }
  return { delayMs: Math.round(delayMs), status };
}

/** A small seeded generator (mulberry32), so a demo run and its tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
