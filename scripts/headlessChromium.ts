/**
 * Debian's chromium driven by playwright-core (no browser download): one launch for the screenshot
 * script and the browser test. A fresh --user-data-dir per launch keeps runs independent of each
 * other and of any profile on the machine; the flags keep a headless run off the network (no
 * component updates, sync or background requests) and working as root in a container (no sandbox).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HER2_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchHeadlessChromium(
  viewport = { width: 1280, height: 900 },
): Promise<HeadlessChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'her2-chromium-'));
  // launchPersistentContext is how playwright passes a user-data-dir; its own flags then follow ours.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
