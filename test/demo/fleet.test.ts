import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../../source/demo/demo-config.js';
import { startDemoServer, type DemoServer } from '../../source/demo/demo-server.js';
import { DEMO_APIS, DEMO_TEAMS, incidentActive, seededRandom, simulate } from '../../source/demo/fleet.js';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the demo fleet', () => {
  it('has about 20 Wikimedia-like APIs in 5-6 teams, some unowned', () => {
    expect(DEMO_APIS.length).toBeGreaterThanOrEqual(18);
    expect(DEMO_APIS.length).toBeLessThanOrEqual(24);
    expect(DEMO_TEAMS.length).toBeGreaterThanOrEqual(5);
    expect(DEMO_TEAMS.length).toBeLessThanOrEqual(6);
    expect(DEMO_APIS.some((api) => api.owner === undefined)).toBe(true);
    const families = new Set(DEMO_APIS.map((api) => api.family));
    for (const family of ['MediaWiki REST', 'Wikimedia REST', 'AQS', 'API Portal', 'Action API', 'Extension APIs']) expect(families).toContain(family);
  });

  it('includes a recurring latency incident, one that follows it on an API depending on it, and a recurring 5xx burst', () => {
    expect(DEMO_APIS.filter((api) => api.incident?.kind === 'latency')).toHaveLength(2);
    expect(DEMO_APIS.filter((api) => api.incident?.kind === '5xx')).toHaveLength(1);
    const dependent = DEMO_APIS.find((api) => api.dependsOn)!;
    const parent = DEMO_APIS.find((api) => api.id === dependent.dependsOn![0])!;
    expect(parent.incident!.offsetMs).toBeLessThan(dependent.incident!.offsetMs);
    expect(parent.incident!.offsetMs + parent.incident!.lastsMs).toBeGreaterThanOrEqual(dependent.incident!.offsetMs + dependent.incident!.lastsMs);
  });

  it('carries a recurring maintenance window and a dependency in its config', () => {
    const config = demoConfig(1);
    expect(config.maintenance).toHaveLength(1);
    expect(config.maintenance[0]!.name).toBe('MediaWiki train deploy');
    expect(config.apis.find((api) => api.id === 'rest-v1-mobile-html')!.dependsOn).toEqual(['rest-v1-html']);
  });

  it('runs incidents on their schedule', () => {
    const api = DEMO_APIS.find((a) => a.incident?.kind === 'latency')!;
    const { offsetMs, lastsMs, everyMs } = api.incident!;
    expect(incidentActive(api, offsetMs - 1)).toBe(false);
    expect(incidentActive(api, offsetMs)).toBe(true);
    expect(incidentActive(api, offsetMs + lastsMs)).toBe(false);
    expect(incidentActive(api, offsetMs + everyMs + 1)).toBe(true);
  });

  it('is repeatable from a seed, with noise around the base latency', () => {
    const api = DEMO_APIS[0]!;
    const a = seededRandom(7);
    const b = seededRandom(7);
    const delays = Array.from({ length: 500 }, () => simulate(api, 0, a).delayMs);
    expect(Array.from({ length: 500 }, () => simulate(api, 0, b).delayMs)).toEqual(delays);
    const sorted = [...delays].sort((x, y) => x - y);
    expect(sorted[250]).toBeGreaterThan(api.baseMs * 0.8);
    expect(sorted[250]).toBeLessThan(api.baseMs * 1.2);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });

  it('makes the 5xx API fail part of the time during its burst and never outside it', () => {
    const api = DEMO_APIS.find((a) => a.incident?.kind === '5xx')!;
    const random = seededRandom(1);
    const during = Array.from({ length: 400 }, () => simulate(api, api.incident!.offsetMs + 1, random).status);
    const outside = Array.from({ length: 400 }, () => simulate(api, 0, random).status);
    const share = during.filter((s) => s === 503).length / during.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.6);
    expect(outside.every((s) => s === 200)).toBe(true);
  });

  it('reads its config through the real loader: every API probes the local server', () => {
    const config = demoConfig(4321);
    expect(config.path).toBeUndefined();
    expect(config.apis).toHaveLength(DEMO_APIS.length);
    expect(config.apis.every((api) => api.url?.startsWith('http://127.0.0.1:4321/'))).toBe(true);
    expect(config.apis.filter((api) => api.owner === undefined).map((api) => api.id)).toEqual(DEMO_APIS.filter((a) => !a.owner).map((a) => a.id));
  });

  it('serves each API on loopback and 404s anything else', async () => {
    server = await startDemoServer({ seed: 3 });
    const ok = await fetch(`http://127.0.0.1:${server.port}/rest-v1-summary`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 'rest-v1-summary' });
    const missing = await fetch(`http://127.0.0.1:${server.port}/nope`);
    expect(missing.status).toBe(404);
    await missing.text();
  });
});
