/**
 * writeReport: renders the artifact and writes the HTML report plus its Markdown summary beside it
 * (same base name, .md). Each file is written atomically (src/io/atomicWrite.ts), so a reader never
 * sees a half-written report and a crash leaves either the old file or the new one.
 */
import path from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.js';
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
