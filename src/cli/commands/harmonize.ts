/**
 * `her2 harmonize`: adapts a model to a new site from the site's unlabelled patients (ComBat, or
 * quantile mapping with --method quantile, against the training data; src/model/siteAdaptation.ts) and keeps the adaptation beside the model file
 * (<model>.sites.json), which `her2 predict` reads: patients whose `site` names it are adjusted.
 */
import { readFile } from 'node:fs/promises';
import { parsePredictionCsv } from '../../model/predictionInput.js';
import { readArtifactFile } from '../../model/readArtifact.js';
import {
  adaptModelToSite,
  DEFAULT_MIN_SITE_PATIENTS,
  type SiteAdaptation,
} from '../../model/siteAdaptation.js';
import { writeSiteAdaptation } from '../../model/siteAdaptationFile.js';
import { parseCommandArgs, requireOption, UsageError } from '../args.js';

export const HARMONIZE_USAGE =
  'her2 harmonize --model FILE --site NAME --input FILE [--method combat|quantile] [--min-patients N] [--mean-only] [--no-eb]';

/** The site's shift of feature j in training SDs: ComBat's γ, or the median's shift for quantile mapping. */
function medianShift(adaptation: SiteAdaptation, j: number): number {
  const e = adaptation.effects;
  if (e.method !== 'quantile') return e.gamma[j];
  const reference = adaptation.reference[j];
  const middle = e.probabilities.indexOf(0.5);
  return (e.quantiles[j][middle] - reference.quantiles![middle]) / Math.sqrt(reference.variance);
}

export async function harmonizeCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('harmonize', argv, {
    model: { type: 'string' },
    site: { type: 'string' },
    input: { type: 'string' },
    method: { type: 'string' },
    'min-patients': { type: 'string' },
    'mean-only': { type: 'boolean' },
    'no-eb': { type: 'boolean' },
  });
  const modelPath = requireOption('harmonize', values, 'model');
  const site = requireOption('harmonize', values, 'site');
  const inputPath = requireOption('harmonize', values, 'input');
  const rawMin = values['min-patients'];
  const minPatients = rawMin === undefined ? DEFAULT_MIN_SITE_PATIENTS : Number(rawMin);
  if (!Number.isInteger(minPatients) || minPatients < 2) {
    throw new UsageError(`her2 harmonize: --min-patients must be an integer of at least 2, got "${rawMin}"`);
  }
  const method = values.method ?? 'combat';
  if (method !== 'combat' && method !== 'quantile') {
    throw new UsageError(`her2 harmonize: --method must be combat or quantile, got "${method}"`);
  }
  const artifact = await readArtifactFile(modelPath);
  const patients = parsePredictionCsv(await readFile(inputPath, 'utf8'), inputPath);
  const adaptation = adaptModelToSite(artifact, site, patients, {
    method,
    eb: values['no-eb'] !== true,
    meanOnly: values['mean-only'] === true,
    minPatients,
  });
  const path = await writeSiteAdaptation(modelPath, adaptation);
  const largest = adaptation.features
    .map((name, j) => ({ name, shift: medianShift(adaptation, j) }))
    .sort((a, b) => Math.abs(b.shift) - Math.abs(a.shift))[0];
  process.stderr.write(
    `adapted model ${artifact.id.slice(0, 12)}… to site ${adaptation.site} from ${adaptation.effects.n} patients ` +
      `by ${method} (${adaptation.features.length} imaging features; largest shift ${largest.name}: ${largest.shift.toFixed(2)} training SDs)\n` +
      `wrote ${path}; her2 predict --model ${modelPath} adjusts patients whose site is ${adaptation.site}\n`,
  );
  if (artifact.synthetic)
    process.stderr.write('note: this model was trained on SYNTHETIC data; not clinical evidence\n');
}
