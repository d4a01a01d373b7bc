import type { Received } from '../../helpers/receiver.js';

/** Conduit's success envelope. */
export function conduitResult(result: unknown): string {
  return JSON.stringify({ result, error_code: null, error_info: null });
}

/** Conduit's error envelope, which comes with HTTP 200. */
export function conduitError(code: string, info: string): string {
  return JSON.stringify({ result: null, error_code: code, error_info: info });
}

/** A Conduit call as a Phabricator install reads it: the method from the path, the parameters from the form's JSON `params`. */
export function conduitRequest(request: Pick<Received, 'url' | 'text'>): { method: string; params: Record<string, unknown>; output: string | null } {
  const form = new URLSearchParams(request.text);
  return { method: request.url.replace(/^\/api\//, ''), params: JSON.parse(form.get('params') ?? 'null') as Record<string, unknown>, output: form.get('output') };
}
