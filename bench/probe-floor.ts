import '../source/production.js';
import { Agent, request } from 'undici';
import { demoConfig } from '../source/demo/demo-config.js';
import { startDemoServer } from '../source/demo/demo-server.js';

/**
 * The floor for the idle dashboard's CPU: the demo fleet served in this process and each of its APIs requested at
 * its configured interval by a bare undici loop (keep-alive, body read), without the engine, the store or a UI.
 */
const server = await startDemoServer();
const config = demoConfig(server.port);
const dispatcher = new Agent({ pipelining: 1, keepAliveTimeout: 120_000 });
for (const [index, api] of config.apis.entries()) {
  const probe = async (): Promise<void> => {
    const response = await request(api.url!, { dispatcher, headersTimeout: api.timeoutMs, bodyTimeout: api.timeoutMs });
    await response.body.text();
  };
  // Spread over the interval as the scheduler spreads first turns, so requests do not arrive in one burst.
  setTimeout(() => setInterval(() => void probe().catch(() => {}), api.intervalMs), (index * api.intervalMs) / config.apis.length);
}
