import { readFile } from 'node:fs/promises';
import { formatCsvRow } from '../../cohort/csvWriter.js';
import {
  type ExtractionProvenance,
  extractionDifferences,
  parseExtractionComment,
} from '../../cohort/extractionHeader.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import {
  type Her2Model,
  OutOfDistributionError,
  type PatientInput,
  type PatientPrediction,
} from '../../model/her2Model.js';
import { loadModel } from '../../model/loadModel.js';
import { parsePredictionCsv } from '../../model/predictionInput.js';
import { readArtifactFile } from '../../model/readArtifact.js';
import { readSiteAdaptations } from '../../model/siteAdaptationFile.js';
import { parseCommandArgs, requireOption } from '../args.js';

export const PREDICT_USAGE =
  'her2 predict --model FILE --input FILE [--out FILE] [--allow-out-of-distribution]';
export const PREDICTION_CSV_HEADER = ['patient_id', 'p_over', 'p_low', 'p_zero', 'status'];
export const SYNTHETIC_PREDICTION_COMMENT =
  '# SYNTHETIC: predicted by a model trained on synthetic data; not clinical evidence';
const COUPLED_TASKS = ['over', 'low', 'zero'];

/** model.predict, with the way to opt in added to an out-of-distribution refusal. */
function predictOrExplain(model: Her2Model, patients: PatientInput[], allow: boolean): PatientPrediction[] {
  try {
    return model.predict(patients, { allowOutOfDistribution: allow });
  } catch (e) {
    if (!(e instanceof OutOfDistributionError)) throw e;
    throw new Error(
      `${e.message}; the model is not trusted that far from its training data (pass --allow-out-of-distribution to predict anyway)`,
    );
  }
}

/** A warning per difference between the input's PyRadiomics extraction and the model's, when both are known. */
function warnOnExtractionDifferences(
  trained: ExtractionProvenance | undefined,
  input: ExtractionProvenance | undefined,
  inputPath: string,
): void {
  if (trained === undefined || input === undefined) return;
  for (const difference of extractionDifferences(trained, input)) {
    process.stderr.write(
      `warning: ${inputPath} was extracted differently from the model's training cohort: ${difference}\n`,
    );
  }
}

export async function predictCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('predict', argv, {
    model: { type: 'string' },
    input: { type: 'string' },
    out: { type: 'string' },
    'allow-out-of-distribution': { type: 'boolean' },
  });
  const modelPath = requireOption('predict', values, 'model');
  const artifact = await readArtifactFile(modelPath);
  // Sites adapted with `her2 harmonize` are kept beside the model file.
  const model = loadModel(artifact, await readSiteAdaptations(modelPath, artifact.id));
  const inputPath = requireOption('predict', values, 'input');
  let extraction: ExtractionProvenance | undefined;
  const patients = parsePredictionCsv(await readFile(inputPath, 'utf8'), inputPath, (text, line) => {
    extraction = parseExtractionComment(text, inputPath, line) ?? extraction;
  });
  warnOnExtractionDifferences(model.artifact.provenance.extraction, extraction, inputPath);
  const predictions = predictOrExplain(model, patients, values['allow-out-of-distribution'] === true);
  // p_over/p_low/p_zero are the coupled distribution (empty when the model has no three one-vs-rest
  // tasks); each other task adds a column p_<name> with its own (possibly conditional) probability.
  const extraTasks = Object.keys(model.artifact.tasks).filter((t) => !COUPLED_TASKS.includes(t));
  const lines = [formatCsvRow([...PREDICTION_CSV_HEADER, ...extraTasks.map((t) => `p_${t}`)])];
  for (const p of predictions) {
    const d = p.distribution;
    lines.push(
      formatCsvRow([
        p.id,
        d?.over ?? '',
        d?.low ?? '',
        d?.zero ?? '',
        p.status ?? '',
        ...extraTasks.map((t) => p.tasks[t]?.probability ?? ''),
      ]),
    );
    for (const warning of p.warnings) process.stderr.write(`warning: patient ${p.id}: ${warning}\n`);
  }
  // A leading comment line, as in the cohort format: the file itself says it came from a synthetic model.
  if (model.synthetic) lines.unshift(SYNTHETIC_PREDICTION_COMMENT);
  const csv = `${lines.join('\n')}\n`;
  if (model.synthetic)
    process.stderr.write('note: this model was trained on SYNTHETIC data; not clinical evidence\n');
  if (values.out) await writeFileAtomic(values.out, csv);
  else process.stdout.write(csv);
}
