/**
 * The CLI's store of site adaptations: one JSON file beside the model file,
 * `<model>.sites.json` = {modelId, sites: SiteAdaptation[]}, which `her2 harmonize` writes and
 * `her2 predict` reads. The model file itself is never touched, so its id stays the same.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { compareSites, SITE_ADAPTATION_SCHEMA_VERSION, type SiteAdaptation } from './siteAdaptation.js';

export interface SiteAdaptationFile {
  modelId: string;
  sites: SiteAdaptation[];
}

/** `models/m.json` → `models/m.sites.json`. */
export function siteFilePath(modelPath: string): string {
  return `${modelPath.replace(/\.json$/i, '')}.sites.json`;
}

/** The adaptations kept beside the model file; none when there is no such file. */
export async function readSiteAdaptations(modelPath: string, modelId: string): Promise<SiteAdaptation[]> {
  const path = siteFilePath(modelPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let parsed: SiteAdaptationFile;
  try {
    parsed = JSON.parse(text) as SiteAdaptationFile;
  } catch (e) {
    throw new Error(`${path}: not JSON (${(e as Error).message})`);
  }
  if (parsed?.modelId !== modelId || !Array.isArray(parsed.sites)) {
    throw new Error(`${path}: holds site adaptations of model ${String(parsed?.modelId)}, not of ${modelId}`);
  }
  parsed.sites.forEach((s, k) => {
    if (s?.schemaVersion !== SITE_ADAPTATION_SCHEMA_VERSION || s.modelId !== modelId) {
      throw new Error(`${path}: sites[${k}] is not a site adaptation of model ${modelId}`);
    }
  });
  return parsed.sites;
}

/** Adds (or replaces) the adaptation of its site in the file beside the model, atomically. */
export async function writeSiteAdaptation(modelPath: string, adaptation: SiteAdaptation): Promise<string> {
  const others = (await readSiteAdaptations(modelPath, adaptation.modelId)).filter(
    (s) => s.site !== adaptation.site,
  );
  const file: SiteAdaptationFile = {
    modelId: adaptation.modelId,
    sites: [...others, adaptation].sort(compareSites),
  };
  const path = siteFilePath(modelPath);
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}
