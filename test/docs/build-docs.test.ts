import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BURN_RATE_PAIRS } from '../../source/alerts/burn-rate.js';
import { formatDuration } from '../../source/core/duration.js';
import { parseConfigText } from '../../source/config/load.js';
import { buildDocs, comparable } from '../../source/docs/build-docs.js';
import { DOC_FORMATS } from '../../source/text/markup.js';

const fixture = fileURLToPath(new URL('./fixtures/small.yaml', import.meta.url));
const SECRETS = {
  SLACK_URL: 'https://hooks.slack.example/services/T000/B000/XXXXSECRETSLACK',
  PD_KEY: 'pdkey0123456789abcdef0123456789ab',
  HOOK_TOKEN: 'hook-token-s3cr3t',
  SMTP_PASS: 'smtp-pass-s3cr3t',
};
const config = parseConfigText(readFileSync(fixture, 'utf8'), fixture, SECRETS);
const stamp = { configName: 'small.yaml', configSha256: 'f'.repeat(64), generatedAt: '2026-01-01T00:00:00.000Z' };

describe.each(DOC_FORMATS)('generated pages in %s', (format) => {
  const docs = buildDocs(config, stamp, format);

  it.each(docs.map((doc) => doc.file))('%s matches its golden file', async (file) => {
    await expect(docs.find((d) => d.file === file)!.text).toMatchFileSnapshot(`./golden/${file}`);
  });

  it('never contains a secret read from the environment, in any page', () => {
    for (const doc of docs) for (const secret of Object.values(SECRETS)) expect(doc.text, `${doc.file}`).not.toContain(secret);
    expect(docs.find((d) => d.file.startsWith('notifications'))!.text).toContain('[redacted]');
  });
});

describe('alarms page', () => {
  it('lists every burn-rate pair the engine alarms on, with its windows and rate', () => {
    const alarms = buildDocs(config, stamp, 'markdown').find((d) => d.file === 'alarms.md')!.text;
    for (const pair of BURN_RATE_PAIRS) {
      expect(alarms).toContain(`| \`${pair.rule}\` | ${pair.severity} | ${formatDuration(pair.longMs)} | ${formatDuration(pair.shortMs)} | ${pair.burnRate}x |`);
    }
  });
});

describe('notifications page', () => {
  const channelRow = (yaml: string, id: string) => {
    const cfg = parseConfigText(`apis:\n  a: { url: "https://example.org/a" }\nchannels:\n${yaml}`, 'c.yaml', {});
    const page = buildDocs(cfg, stamp, 'markdown').find((d) => d.file === 'notifications.md')!.text;
    return page.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
  };

  it('shows the timeout each channel was given', () => {
    expect(channelRow('  hook: { type: webhook, url: "https://example.org/hook", timeout: 1m30s }\n', 'hook')).toContain('| none | 1m30s |');
  });

  it('shows the 30s default for a channel that sets none', () => {
    expect(channelRow('  chat: { type: teams, url: "https://example.org/teams" }\n', 'chat')).toContain('| 1 message per 1s | 30s |');
  });

  it('shows no timeout for the terminal, which waits for nothing', () => {
    expect(channelRow('  desk: { type: terminal, timeout: 5s }\n', 'desk')).toContain('| none | none (nothing to wait for) |');
  });
});

describe('drift comparison', () => {
  it('ignores only the generation time', () => {
    const [a] = buildDocs(config, stamp, 'markdown');
    const [b] = buildDocs(config, { ...stamp, generatedAt: '2027-06-01T12:00:00.000Z' }, 'markdown');
    const [c] = buildDocs(config, { ...stamp, configSha256: '0'.repeat(64) }, 'markdown');
    expect(comparable(a!.text)).toBe(comparable(b!.text));
    expect(comparable(a!.text)).not.toBe(comparable(c!.text));
  });
});
