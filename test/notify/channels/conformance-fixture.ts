import type { Received } from '../../helpers/receiver.js';

/**
 * What the conformance suite needs to drive one channel type against a real receiver. Each registered type
 * has one, in `<type>.fixture.ts` next to its own tests; the suite fails for a type without one.
 */
export type ConformanceFixture =
  | {
      /** An HTTP receiver on loopback: 2xx, 5xx, 429, other 4xx and a closed port. */
      transport: 'http';
      channel(url: (path: string) => string): string;
      env: Record<string, string>;
      /** Secrets that must reach the receiver but never leave the program. */
      secrets: string[];
      /** The request bodies one message's payload makes, when not exactly one. */
      requests?: (payload: unknown) => unknown[];
      /** What the receiver answers when it takes a request, when more than a status (Conduit's envelope). */
      answer?: string;
      /** A request's body as its payload spells it, when the body is not JSON (Conduit's form fields). */
      body?: (request: Received) => unknown;
    }
  | {
      /** An SMTP server on loopback: 250, 4xx, 5xx and a closed port. */
      transport: 'smtp';
      channel(port: number): string;
      env: Record<string, string>;
      secrets: string[];
    }
  | {
      /** Written where api-health runs, to the terminal the TUI attaches. */
      transport: 'terminal';
      channel: string;
    }
  | {
      /** A real IRC server on loopback, read by a second client in the channel: see irc.test.ts. */
      transport: 'irc';
      channel(port: number): string;
      env: Record<string, string>;
      secrets: string[];
    };
