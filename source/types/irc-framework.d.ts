/** The part of irc-framework (which ships no types) the IRC channel and its tests use. */
declare module 'irc-framework' {
  import { EventEmitter } from 'node:events';

  export interface ConnectOptions {
    host: string;
    port: number;
    nick: string;
    username?: string;
    gecos?: string;
    tls?: boolean;
    rejectUnauthorized?: boolean;
    account?: { account: string; password: string };
    auto_reconnect?: boolean;
    auto_reconnect_max_wait?: number;
    auto_reconnect_max_retries?: number;
    ping_interval?: number;
    ping_timeout?: number;
    version?: string;
  }

  export class Client extends EventEmitter {
    constructor(options?: Partial<ConnectOptions>);
    user: { nick: string };
    connected: boolean;
    connect(options?: ConnectOptions): void;
    raw(line: string): void;
    join(channel: string, key?: string): void;
    say(target: string, message: string): void;
    ping(message?: string): void;
    changeNick(nick: string): void;
    quit(message?: string): void;
  }

  const irc: { Client: typeof Client };
  export default irc;
}
