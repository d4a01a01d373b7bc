import { Agent } from 'undici';
import type { Config, MaintenanceWindow } from '../config/types.js';
import { splitUserinfo } from '../core/url-userinfo.js';
import { readPrometheusReport, type PrometheusReport } from '../sources/prometheus-report.js';
import { createRedactor } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';

/**
 * increase() over a quarter reads every sample of every series in it: a big fleet's query may take a while.
 * Prometheus gives up on its own after --query.timeout (2 minutes by default); so do we.
 */
const QUERY_DEADLINE_MS = 120_000;

export type RemoteReport = { ok: true; value: PrometheusReport; json: Record<string, unknown> } | { ok: false; message: string };

/** `report --remote`: the period's figures from the team's Prometheus, or why there are none, in one line. */
export async function readRemoteReport(config: Config, maintenance: MaintenanceWindow[], from: number, to: number): Promise<RemoteReport> {
  const shared = config.shared!;
  const redact = createRedactor(config.secrets);
  const target = splitUserinfo(shared.prometheus!);
  const shown = redact(target.url.replace(/\/+$/, ''));
  const headers = target.authorization && shared.headers.authorization === undefined ? { ...shared.headers, authorization: target.authorization } : shared.headers;
  const dispatcher = new Agent(shared.ca ? { connect: { ca: shared.ca } } : {});
  try {
    const read = await readPrometheusReport({
      url: target.url,
      headers,
      dispatcher,
      timeoutMs: QUERY_DEADLINE_MS,
      maxAnswerBytes: shared.maxAnswerBytes,
      apis: config.apis,
      from,
      to,
      maintenance,
      source: `Prometheus ${shown}`,
    });
    if (!read.ok) return { ok: false, message: `report --remote: no figures from Prometheus ${shown}: ${sanitize(redact(read.message.replace(/^prometheus: /, ''))).replace(/\s+/g, ' ')}` };
    const { vantages, noSeries, otherApis } = read.value;
    return { ok: true, value: read.value, json: { url: shown, vantages, noSeries, otherApis, maintenanceLeftOut: false, queries: read.queries } };
  } finally {
    await dispatcher.close();
  }
}
