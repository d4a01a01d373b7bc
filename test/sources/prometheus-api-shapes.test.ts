import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusApi } from '../../source/sources/prometheus-api.js';
import { EngineStandIn } from '../helpers/engine-stand-in.js';

/** Issue 21, finding 3: Prometheus answers of another shape are a failure saying what was wrong, never a TypeError. */
describe('PrometheusApi reading answers of the wrong shape', () => {
  const engines = new EngineStandIn();
  const dispatcher = new Agent();
  let prometheus: PrometheusApi;

  beforeAll(async () => {
    prometheus = new PrometheusApi({ name: 'shared.prometheus', url: await engines.listen(), dispatcher, timeoutMs: 5_000, maxAnswerBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await engines.close();
    await dispatcher.close();
  });

  it.each([
    ['a vector of null', { status: 'success', data: { resultType: 'vector', result: [null] } }, 'answered a vector of an unexpected shape ([0]:'],
    ['a vector without values', { status: 'success', data: { resultType: 'vector', result: [{ metric: {} }] } }, 'answered a vector of an unexpected shape ([0].value:'],
    ['a scalar that is a string', { status: 'success', data: { resultType: 'scalar', result: 'x' } }, 'answered a scalar of an unexpected shape'],
    ['a list instead of the envelope', [], "HTTP 200 with a body that is not the Prometheus API's JSON"],
    ['data that is a string', { status: 'success', data: 'x' }, "HTTP 200 with a body that is not the Prometheus API's JSON (data:"],
  ])('an instant query answered with %s fails with a message', async (_, json, message) => {
    engines.query = { json };
    const result = await prometheus.instant('up');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it.each([
    ['a matrix of null', { status: 'success', data: { resultType: 'matrix', result: [null] } }, 'answered a matrix of an unexpected shape ([0]:'],
    ['a matrix whose values are not pairs', { status: 'success', data: { resultType: 'matrix', result: [{ values: [1, 2] }] } }, 'answered a matrix of an unexpected shape ([0].values[0]:'],
    ['a vector', { status: 'success', data: { resultType: 'vector', result: [] } }, 'range query returned a vector, expected a matrix'],
  ])('a range query answered with %s fails with a message', async (_, json, message) => {
    engines.queryRange = { json };
    const result = await prometheus.range('up', 0, 60_000, 15_000);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('does not read an answer past its cap', async () => {
    engines.query = { hugeBytes: 10 * 1024 * 1024 };
    const result = await prometheus.instant('up');
    expect(result).toMatchObject({ ok: false, message: 'prometheus shared.prometheus: unreachable: answer larger than 64 KiB (shared.maxAnswerBytes); not read' });
    expect(engines.bytesStreamed).toBeLessThan(5 * 1024 * 1024);
  });
});
