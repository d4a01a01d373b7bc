import type { Config } from '../config/types.js';
import { alarmsPage } from './alarms-page.js';
import { indexPage, pageFileName, GENERATED_AT_PREFIX, type Stamp } from './index-page.js';
import type { DocFormat } from '../text/markup.js';
import { notificationsPage } from './notifications-page.js';
import { ownersPage } from './owners-page.js';
import { renderPage } from './page.js';
import { slaPage } from './sla-page.js';

export interface DocFile {
  file: string;
  text: string;
}

/** Every page as file name and text; the secrets of the config are redacted from all of them. */
export function buildDocs(config: Config, stamp: Stamp, format: DocFormat): DocFile[] {
  const pages = [ownersPage(config), notificationsPage(config), alarmsPage(config), slaPage(config)];
  return [indexPage(config, pages, stamp, format), ...pages].map((page) => ({
    file: pageFileName(page.name, format),
    text: renderPage(page, config, format),
  }));
}

/** The generation time is the one thing allowed to differ between runs. */
export function comparable(text: string): string {
  return text.replace(new RegExp(`^${GENERATED_AT_PREFIX}.*$`, 'm'), GENERATED_AT_PREFIX.trim());
}
