import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';
import { renderAlertmanagerConfig } from '../../source/config-export/alertmanager-config.js';
import { runTool } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['amtool']);

const CONFIG = `teams:
  mwi: { name: MediaWiki Interfaces }
apis:
  restbase-health: { url: "https://example.org/h", owner: mwi }
  summary: { url: "https://example.org/s", owner: mwi, dependsOn: [restbase-health] }
  mobile.html: { url: "https://example.org/m", owner: mwi, dependsOn: [restbase-health] }
  lonely: { url: "https://example.org/l", owner: mwi }
`;

integration.describe('dependsOn in the exported Alertmanager config', () => {
  const dir = tempDir('api-health-inhibit-');
  afterAll(() => dir.remove());
  const text = renderAlertmanagerConfig(parseConfigText(CONFIG, 'api-health.yaml', {}));

  integration.it('inhibits the alerts of the dependants while the API they depend on fires', () => {
    expect((parse(text) as { inhibit_rules: unknown }).inhibit_rules).toEqual([
      { source_matchers: ['api="restbase-health"'], target_matchers: ['api=~"summary|mobile\\\\.html"'] },
    ]);
  });

  integration.it('passes amtool check-config', async () => {
    const file = join(dir.path, 'alertmanager.yml');
    writeFileSync(file, text);
    const result = await runTool('amtool', ['check-config', file]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  integration.it('has no inhibit rules without dependencies', () => {
    const plain = renderAlertmanagerConfig(parseConfigText(CONFIG.replace(/, dependsOn: \[restbase-health\]/g, ''), 'api-health.yaml', {}));
    expect(plain).not.toContain('inhibit_rules');
  });
});
