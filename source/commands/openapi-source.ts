import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { parse } from 'yaml';
import { VERSION } from '../config/resolve.js';
import { assertSpec, OpenApiError, proposeProbes, type OpenApiProposal } from '../ownership/openapi-probes.js';
import { dereferenceSpec } from '../ownership/openapi-document.js';
import { UsageError } from './errors.js';

const FETCH_TIMEOUT_MS = 15_000;
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

async function fetchDocument(url: string, command: string): Promise<string> {
  const dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 3 }));
  try {
    return await download(url, dispatcher, command);
  } finally {
    await dispatcher.close();
  }
}

async function download(url: string, dispatcher: Dispatcher, command: string): Promise<string> {
  let response;
  try {
    response = await request(url, {
      dispatcher,
      headers: { 'user-agent': `api-health/${VERSION} (${command})`, accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
    });
  } catch (error) {
    throw new UsageError(`cannot fetch ${url}: ${(error as Error).message}`);
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new UsageError(`cannot fetch ${url}: HTTP ${response.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES) {
      response.body.destroy();
      throw new UsageError(`${url} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB: not an API description`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readDocument(source: string, cwd: string, command: string, what: string): Promise<{ text: string; url: string | undefined }> {
  if (/^https?:\/\//i.test(source)) return { text: await fetchDocument(source, command), url: source };
  try {
    return { text: await readFile(resolve(cwd, source), 'utf8'), url: undefined };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UsageError(`cannot read ${what} ${source}: ${reason}`);
  }
}

/**
 * The probes an OpenAPI 3 or Swagger 2.0 document (a file or an http(s) URL, JSON or YAML) proposes. `command` names
 * the caller in the User-Agent, `what` names the argument in errors (`--from-openapi`, `the spec`).
 */
export async function proposeFromOpenApi(source: string, cwd: string, command: string, what: string): Promise<OpenApiProposal> {
  const { text, url } = await readDocument(source, cwd, command, what);
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
