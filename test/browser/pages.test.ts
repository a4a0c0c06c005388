// The report and Swagger UI in real headless Chromium: both render without a console error or an
// uncaught page error, and their key element is visible. (Debian's chromium; .ci/run installs it.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/html.js';
import { launchHeadlessChromium, type HeadlessChromium } from '../../scripts/headlessChromium.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';
import { type TestApp, makeTestApp } from '../helpers/testApp.js';

let browser: HeadlessChromium;
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await makeTestApp({ artifacts: [buildFixtureArtifact()], apiKeys: [] });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchHeadlessChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Every console error and uncaught exception of the page, as text. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return errors;
}

it('the report and /docs render in Chromium without console errors', async () => {
  const report = await browser.context.newPage();
  const reportErrors = collectErrors(report);
  await report.setContent(renderHtmlReport(buildFixtureArtifact()), { waitUntil: 'load' });
  await expect(report.locator('h1').isVisible()).resolves.toBe(true);
  await expect(report.locator('#decision-curves svg').first().isVisible()).resolves.toBe(true);
  await expect(report.locator('details.config pre').isVisible()).resolves.toBe(false); // collapsed
  expect(reportErrors).toEqual([]);

  const docs = await browser.context.newPage();
  const docsErrors = collectErrors(docs);
  await docs.goto(`${base}/docs`, { waitUntil: 'load' });
  // Swagger UI renders the operations from /docs/json in the browser.
  await docs
    .locator('.opblock-summary-path', { hasText: '/v1/models/{id}/evaluations' })
    .first()
    .waitFor({ timeout: 10_000 });
  expect(docsErrors).toEqual([]);
  // ~7 s alone; the allowance is for a full parallel run on a shared two-core machine.
}, 60_000);
