import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderMarkdownSummary } from '../../src/report/markdown.js';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';
import { markdownPathFor, writeReport } from '../../src/report/writeReport.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';

describe('markdownPathFor', () => {
  it('replaces the extension with .md beside the HTML file', () => {
    expect(markdownPathFor('/out/report.html')).toBe('/out/report.md');
    expect(markdownPathFor('out/model.v1.htm')).toBe(path.join('out', 'model.v1.md'));
    expect(markdownPathFor('report')).toBe('report.md');
  });
});

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'her2-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the HTML report and the Markdown summary and leaves no temp files', async () => {
    const artifact = buildFixtureArtifact();
    const htmlPath = path.join(dir, 'report.html');
    const written = await writeReport(artifact, htmlPath);
    expect(written).toEqual({ htmlPath, markdownPath: path.join(dir, 'report.md') });
    expect(await readFile(htmlPath, 'utf8')).toBe(renderHtmlReport(artifact));
    expect(await readFile(written.markdownPath, 'utf8')).toBe(renderMarkdownSummary(artifact));
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.md']);
  });

  it('replaces existing files', async () => {
    const htmlPath = path.join(dir, 'report.html');
    await writeFile(htmlPath, 'old html');
    await writeFile(path.join(dir, 'report.md'), 'old md');
    await writeReport(buildFixtureArtifact({ synthetic: false }), htmlPath);
    const html = await readFile(htmlPath, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toContain('SYNTHETIC demo cohort');
    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toMatch(/^# HER2 status model /);
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.md']);
  });

  it('refuses an HTML path that would collide with its Markdown summary', async () => {
    await expect(writeReport(buildFixtureArtifact(), path.join(dir, 'report.md'))).rejects.toThrow(/\.md/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('creates a missing output directory', async () => {
    await writeReport(buildFixtureArtifact(), path.join(dir, 'missing', 'report.html'));
    expect((await readdir(path.join(dir, 'missing'))).sort()).toEqual(['report.html', 'report.md']);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'her2-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes its temp file when the rename fails', async () => {
    // Renaming a file onto a non-empty directory fails after the temp file has been written.
    const target = path.join(dir, 'target');
    await mkdir(path.join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'content')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target']);
  });
});
