import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { parse } from 'yaml';
import { VERSION } from '../config/resolve.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import { assertSpec, OpenApiError, proposeProbes, type OpenApiProposal } from '../ownership/openapi-probes.js';
import { dereferenceSpec } from '../ownership/openapi-document.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { UsageError } from './errors.js';

const FETCH_TIMEOUT_MS = 15_000;
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const TOO_LARGE = `larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB: not an API description`;

async function fetchDocument(url: string, command: string, deadline: AbortSignal): Promise<string> {
  const dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 3 }));
  try {
    return await download(url, dispatcher, command, deadline);
  } finally {
    // destroy, not close: after the deadline a trickling answer would keep close() waiting for its end.
    await dispatcher.destroy();
  }
}

async function download(url: string, dispatcher: Dispatcher, command: string, deadline: AbortSignal): Promise<string> {
  let response;
  try {
    response = await request(url, {
      dispatcher,
      signal: deadline,
      headers: { 'user-agent': `api-health/${VERSION} (${command})`, accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
    });
  } catch (error) {
    if (deadline.aborted) throw deadline.reason;
    throw new UsageError(`cannot fetch ${url}: ${(error as Error).message}`);
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new UsageError(`cannot fetch ${url}: HTTP ${response.statusCode}`);
  }
  try {
    return await readCapped(response.body, url);
  } catch (error) {
    if (deadline.aborted) throw deadline.reason;
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot fetch ${url}: ${(error as Error).message}`);
  }
}

/** The stream as text, refused as soon as it passes the cap: a huge answer or file is never held whole. */
async function readCapped(stream: AsyncIterable<unknown> & { destroy(): void }, shown: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES) {
      stream.destroy();
      throw new UsageError(`${shown} is ${TOO_LARGE}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A file under the same cap as a URL: its size is looked at first, then it is read in chunks (a FIFO or device reports no size). */
async function readFileCapped(source: string, cwd: string, what: string, deadline: AbortSignal): Promise<string> {
  const path = resolve(cwd, source);
  try {
    if ((await stat(path)).size > MAX_DOCUMENT_BYTES) throw new UsageError(`${what} ${source} is ${TOO_LARGE}`);
    return await readCapped(createReadStream(path, { signal: deadline }), `${what} ${source}`);
  } catch (error) {
    if (deadline.aborted) throw deadline.reason;
    if (error instanceof UsageError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UsageError(`cannot read ${what} ${source}: ${reason}`);
  }
}

export async function readDocument(source: string, cwd: string, command: string, what: string, deadline: AbortSignal): Promise<{ text: string; url: string | undefined }> {
  if (/^https?:\/\//i.test(source)) return { text: await fetchDocument(source, command, deadline), url: source };
  return { text: await readFileCapped(source, cwd, what, deadline), url: undefined };
}

/** --timeout in milliseconds. */
export function specTimeoutMs(context: CommandContext): number {
  const text = flagWithDefault(context, 'timeout');
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`invalid --timeout "${text}" (use e.g. 30s, 2m)`);
  return ms;
}

/**
 * `work` given up after `timeoutMs` in all (a server may send one byte every few seconds for ever). The race ends the
 * wait even where the signal cannot reach (resolving $refs); the signal frees the socket or file.
 */
export async function withinDeadline<T>(source: string, timeoutMs: number, work: (deadline: AbortSignal) => Promise<T>): Promise<T> {
  const gaveUp = new UsageError(`${source}: gave up after ${formatDuration(timeoutMs)} (--timeout): the document did not arrive in time; nothing written`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(gaveUp), timeoutMs);
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(gaveUp), { once: true })),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The probes an OpenAPI 3 or Swagger 2.0 document (a file or an http(s) URL, JSON or YAML) proposes, within `timeoutMs`.
 * `command` names the caller in the User-Agent, `what` names the argument in errors (`--from-openapi`, `the spec`).
 */
export async function proposeFromOpenApi(source: string, cwd: string, command: string, what: string, timeoutMs: number): Promise<OpenApiProposal> {
  return withinDeadline(source, timeoutMs, (deadline) => propose(source, cwd, command, what, deadline));
}

async function propose(source: string, cwd: string, command: string, what: string, deadline: AbortSignal): Promise<OpenApiProposal> {
  const { text, url } = await readDocument(source, cwd, command, what, deadline);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new UsageError(`${source} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    // The version check first: a document that is not a spec gets that answer, not a $ref complaint.
    assertSpec(doc);
    return proposeProbes(await dereferenceSpec(doc), url);
  } catch (error) {
    if (error instanceof OpenApiError) throw new UsageError(`${source}: ${error.message}`);
    throw error;
  }
}
