import { writeFileAtomic } from '../../io/atomicWrite.js';
import { sha256File } from '../../io/sha256.js';
import { parseCohortFile } from '../../cohort/parseCohort.js';
import { evaluateFrozenModel } from '../../frozenEvaluation/evaluateFrozenModel.js';
import { evaluationParseOptions } from '../../frozenEvaluation/evaluationCohort.js';
import { evaluationSummaryLines } from '../../frozenEvaluation/evaluationSummary.js';
import { OutOfDistributionError } from '../../model/her2Model.js';
import { loadModel } from '../../model/loadModel.js';
import { readArtifactFile } from '../../model/readArtifact.js';
import { renderEvaluationReport } from '../../report/evaluation/evaluationReport.js';
import { parseCommandArgs, requireOption } from '../args.js';

export const EVALUATE_USAGE =
  'her2 evaluate --model FILE --cohort FILE [--out report.html] [--json FILE] [--allow-out-of-distribution]';

export async function evaluateCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('evaluate', argv, {
    model: { type: 'string' },
    cohort: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    'allow-out-of-distribution': { type: 'boolean' },
  });
  const artifact = await readArtifactFile(requireOption('evaluate', values, 'model'));
  const model = loadModel(artifact);
  const cohortPath = requireOption('evaluate', values, 'cohort');
  const cohort = await parseCohortFile(cohortPath, evaluationParseOptions(artifact));
  let evaluation;
  try {
    evaluation = evaluateFrozenModel(model, cohort, {
      allowOutOfDistribution: values['allow-out-of-distribution'] === true,
      cohortSha256: await sha256File(cohortPath),
    });
  } catch (e) {
    if (!(e instanceof OutOfDistributionError)) throw e;
    throw new Error(`${cohortPath}: ${e.message} (pass --allow-out-of-distribution to evaluate anyway)`);
  }
  // Render everything before writing anything, so an error leaves no half-written pair.
  const html = values.out ? renderEvaluationReport(evaluation, artifact) : undefined;
  const json = values.json ? `${JSON.stringify(evaluation, null, 1)}\n` : undefined;
  if (values.out && html) await writeFileAtomic(values.out, html);
  if (values.json && json) await writeFileAtomic(values.json, json);
  for (const warning of evaluation.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(`${evaluationSummaryLines(evaluation).join('\n')}\n`);
}
