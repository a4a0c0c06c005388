/**
 * writeReport: renders the artifact and writes the HTML report plus its Markdown summary beside it
 * (same base name, .md). Each file is written atomically — temp file in the same directory, fsync,
 * rename, then fsync of the directory — so a reader never sees a half-written report and a crash
 * leaves either the old file or the new one.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ModelArtifact } from '../model/artifact.js';
import { renderHtmlReport } from './html.js';
import { renderMarkdownSummary } from './markdown.js';

export interface WrittenReport {
  htmlPath: string;
  markdownPath: string;
}

/** "out/report.html" → "out/report.md" (the extension, if any, is replaced). */
export function markdownPathFor(htmlPath: string): string {
  const parsed = path.parse(htmlPath);
  return path.join(parsed.dir, `${parsed.name}.md`);
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; directories cannot be opened for fsync on every platform (Windows).
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort only.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function writeFileAtomic(filePath: string, content: string): Promise<void> {
  const dir = path.dirname(filePath);
  const temp = path.join(
    dir,
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

export async function writeReport(artifact: ModelArtifact, htmlPath: string): Promise<WrittenReport> {
  const markdownPath = markdownPathFor(htmlPath);
  if (path.resolve(markdownPath) === path.resolve(htmlPath)) {
    throw new Error(`writeReport: the HTML path must not end in .md (${htmlPath})`);
  }
  // Render both before writing either, so a rendering error leaves no half-updated pair.
  const html = renderHtmlReport(artifact);
  const markdown = renderMarkdownSummary(artifact);
  await writeFileAtomic(htmlPath, html);
  await writeFileAtomic(markdownPath, markdown);
  return { htmlPath, markdownPath };
}
