/** The program's version: printed by --version, sent in the default User-Agent and exported on /metrics. */
export const VERSION = '0.1.0';
