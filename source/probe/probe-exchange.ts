import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';

/**
 * One probe's request and response as an undici dispatch handler: the body is counted chunk by chunk as it
 * arrives (and kept only when an expectation reads it, or the answer is a 403 or 429), with no response stream, promise chain or
 * abort signal in between. A fleet probes thousands of times a second, and those layers cost more CPU
 * than the request itself.
 *
 * `done` settles once: at the end of the body, on an error, past the byte cap, or when `abort` is called
 * (the deadline, or stopping), whichever comes first; anything undici reports after that is ignored.
 */
export class ProbeExchange implements Dispatcher.DispatchHandler {
  /** When the request was written to the socket, and on which socket (set by the prober from undici's sendHeaders). */
  writtenAt: number | undefined;
  socket: Socket | undefined;
  status = 0;
  headers: IncomingHttpHeaders = {};
  ttfbAt = 0;
  bytes = 0;
  tooLarge = false;
  /** Set when the exchange failed or was aborted. */
  error: unknown;
  /** The probe's deadline passed before the exchange ended. */
  timedOut = false;
  readonly done: Promise<void>;
  private chunks: Buffer[] | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private finished = false;
  private settle!: () => void;

  constructor(
    private readonly maxBodyBytes: number,
    keepBody: boolean,
    /** Called as the request is about to be written: undici's sendHeaders for it follows synchronously. */
    private readonly onWriting: (exchange: ProbeExchange) => void,
  ) {
    this.chunks = keepBody ? [] : undefined;
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** The body read so far, when it was kept. */
  get body(): Buffer | undefined {
    return this.chunks && Buffer.concat(this.chunks);
  }

  /** Ends the exchange now; a request still queued for a connection is cut as soon as undici starts it. */
  abort(reason: Error): void {
    if (this.finished) return;
    this.error = reason;
    this.finish();
    this.controller?.abort(reason);
  }

  /** The deadline passed: ends the exchange as timed out (nothing, when it has ended already). */
  timeOut(timeoutMs: number): void {
    if (this.finished) return;
    this.timedOut = true;
    this.abort(new Error(`timed out after ${timeoutMs}ms`));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.finished) controller.abort(this.error as Error);
    else this.onWriting(this);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.ttfbAt = performance.now();
    this.status = statusCode;
    this.headers = headers;
    // A refusal's body says whether it is a policy block (see blocked.ts): kept whatever the expectations.
    if (statusCode === 403 || statusCode === 429) this.chunks ??= [];
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.finished) return;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBodyBytes) {
      this.tooLarge = true;
      this.finish();
      // Destroys the connection: the rest of the body is never read.
      controller.abort(new Error('body too large'));
      return;
    }
    this.chunks?.push(chunk);
  }

  onResponseEnd(): void {
    if (this.finished) return;
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.finished) return;
    this.error = error;
    this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.settle();
  }
}
