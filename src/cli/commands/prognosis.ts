/**
 * `her2 prognosis`: the PFS analysis of a lesion table and an outcome table, written as
 * DIR/summary.json, DIR/report.html and the prognosis model DIR/prognosis-model.json (served by
 * POST /v1/prognosis). Everything is parsed and computed before the first byte is
 * written, so a bad input (named by file, row and column) leaves DIR untouched.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { sha256File } from '../../io/sha256.js';
import { buildPrognosisArtifact } from '../../prognosis/prognosisArtifact.js';
import { analysePrognosis, DEFAULT_HORIZON_MONTHS, DEFAULT_MARKER } from '../../prognosis/analysis.js';
import { joinPrognosisCohort, parseLesionFile, parseOutcomeFile } from '../../prognosis/index.js';
import { renderPrognosisReport } from '../../report/prognosis/prognosisReport.js';
import { parseCommandArgs, requireOption, UsageError } from '../args.js';

export const PROGNOSIS_USAGE =
  `her2 prognosis --lesions FILE --outcomes FILE --out DIR [--marker ${DEFAULT_MARKER}] ` +
  `[--horizon MONTHS (default ${DEFAULT_HORIZON_MONTHS})] [--cutoff VALUE (default: Youden)]`;

function numberOption(name: string, raw: string | undefined, positive: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || (positive && value <= 0)) {
    throw new UsageError(`--${name} must be a ${positive ? 'positive' : 'finite'} number, got "${raw}"`);
  }
  return value;
}

export async function prognosisCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('prognosis', argv, {
    lesions: { type: 'string' },
    outcomes: { type: 'string' },
    out: { type: 'string' },
    marker: { type: 'string' },
    horizon: { type: 'string' },
    cutoff: { type: 'string' },
  });
  const lesionPath = requireOption('prognosis', values, 'lesions');
  const outcomePath = requireOption('prognosis', values, 'outcomes');
  const out = requireOption('prognosis', values, 'out');
  const horizon = numberOption('horizon', values.horizon, true);
  const cutoff = numberOption('cutoff', values.cutoff, false);

  const cohort = joinPrognosisCohort(await parseLesionFile(lesionPath), await parseOutcomeFile(outcomePath));
  const summary = analysePrognosis(cohort, { marker: values.marker, horizon, cutoff });
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  const html = renderPrognosisReport(summary);
  const artifact = buildPrognosisArtifact(
    summary,
    { lesionsSha256: await sha256File(lesionPath), outcomesSha256: await sha256File(outcomePath) },
    new Date().toISOString(),
  );

  const summaryPath = join(out, 'summary.json');
  const reportPath = join(out, 'report.html');
  const modelPath = join(out, 'prognosis-model.json');
  // Sequential: the directory is created by the first write.
  await writeFileAtomic(summaryPath, json);
  await writeFileAtomic(reportPath, html);
  await writeFileAtomic(modelPath, `${JSON.stringify(artifact, null, 2)}\n`);
  if (summary.synthetic) process.stderr.write(`${summary.syntheticWarning}\n`);
  process.stdout.write(`${summaryPath}\n${reportPath}\n${modelPath}\n`);
}
