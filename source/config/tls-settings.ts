import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { RawApi } from './schema.js';
import type { TlsSettings } from './types.js';

/** A CA file is read once per load, however many APIs name it; the result is the PEM text or why it cannot be used. */
export class CaFiles {
  private readonly read = new Map<string, { pem: string } | { error: string }>();

  constructor(private readonly configFile: string | undefined) {}

  settings(raw: NonNullable<RawApi['tls']>): TlsSettings | string {
    if (raw.ca === undefined) return { insecure: raw.insecure ?? false };
    const file = resolvePath(this.configFile ? dirname(this.configFile) : process.cwd(), raw.ca);
    let result = this.read.get(file);
    if (!result) {
      result = readPem(file, raw.ca);
      this.read.set(file, result);
    }
    return 'error' in result ? result.error : { ca: result.pem, caFile: raw.ca, insecure: raw.insecure ?? false };
  }
}

function readPem(file: string, shown: string): { pem: string } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: `cannot read the CA file ${shown}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}` };
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return { error: `the CA file ${shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  return { pem: text };
}
