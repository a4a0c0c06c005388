/**
 * npm run screenshots: starts the service (a temporary registry; the first start trains the default
 * model on the SYNTHETIC demo cohort), evaluates that model on the demo's external site through
 * POST /v1/models/:id/evaluations, and photographs the model report, the evaluation report and
 * Swagger UI (/docs) in headless Chromium. PNGs go to docs/screenshots/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { formatDemoCohortCsv, generateDemoCohort } from '../src/demo/index.js';
import { startServer } from '../src/server.js';
import { createServiceDependencies } from '../src/serviceDependencies.js';
import { launchHeadlessChromium } from './headlessChromium.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const BOOTSTRAP_TIMEOUT_MS = 180_000;

/** The demo cohort's external-site rows (comment lines and header kept), as a second centre's file. */
function externalSiteCsv(): string {
  const lines = formatDemoCohortCsv(generateDemoCohort()).cohort.trimEnd().split('\n');
  const header = lines.findIndex((l) => l.startsWith('patient_id'));
  return `${lines.filter((l, i) => i <= header || l.split(',')[1] === 'institution2').join('\n')}\n`;
}

async function shoot(page: Page, name: string, selector?: string): Promise<void> {
  const path = join(OUT, name);
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path });
  console.log(path);
}

const dir = await mkdtemp(join(tmpdir(), 'her2-screenshots-'));
const config = loadConfig({
  HER2_PORT: '0',
  HER2_MODELS_DIR: dir,
  HER2_AUDIT_LOG: join(dir, 'audit.log'),
  HER2_LOG_LEVEL: 'warn',
});
const { app, url } = await startServer(config, await createServiceDependencies(config));
const browser = await launchHeadlessChromium();
try {
  const started = Date.now();
  while (!app.her2.models.active) {
    if (Date.now() - started > BOOTSTRAP_TIMEOUT_MS)
      throw new Error('the default model did not finish training');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const id = app.her2.models.active.id;
  await mkdir(OUT, { recursive: true });
  const page = await browser.context.newPage();

  await page.goto(`${url}/v1/models/${id}/report`, { waitUntil: 'load' });
  await shoot(page, 'report.png');
  await shoot(page, 'report-calibration.png', '#calibration figure');
  await shoot(page, 'report-decision-curves.png', '#decision-curves figure');
  await shoot(page, 'report-checklist.png', '#checklist');

  const response = await fetch(`${url}/v1/models/${id}/evaluations?format=html`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: externalSiteCsv(),
  });
  if (!response.ok) throw new Error(`evaluation answered ${response.status}: ${await response.text()}`);
  await page.setContent(await response.text(), { waitUntil: 'load' });
  await shoot(page, 'evaluation.png');
  await shoot(page, 'evaluation-figures.png', '#figures figure');

  await page.goto(`${url}/docs`, { waitUntil: 'load' });
  await page.locator('.opblock').first().waitFor();
  await shoot(page, 'swagger-ui.png');
} finally {
  await browser.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
