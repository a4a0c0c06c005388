/**
 * The seeded SYNTHETIC MRI demo cohort shaped after Shen et al. (Tomography 2025): 232 patients at one
 * site with IHC / FISH, ER, PR, Ki-67 and age; BI-RADS descriptors as categorical columns; DKI
 * histogram metrics; three readings (reader 1 = the cohort file, reader 1 again = intra, reader 2 =
 * inter); and the generating model's exact class posterior per patient.
 * Pure: no I/O; the same seed gives the same values.
 *
 * Per patient: class, lesion type and ER from an exactly-counted shuffled list (so subgroup sizes and
 * the ER contrast the paper reports do not hinge on the seed); everything else drawn from the class-conditional model in shen2024Marginals.ts, with a
 * per-patient random stream so one patient's draws never shift another's.
 */
import type { Her2Status } from '../../cohort/cohort.js';
import { createRng, deriveSeed, shuffleInPlace, type Rng } from '../../stats/random.js';
import type { ClassProbabilities } from '../bayesPosterior.js';
import { DKI_COLUMNS, DKI_COORDINATES, FACTORS, printedDkiMetrics } from './dkiHistogram.js';
import {
  appliesTo,
  DESCRIPTOR_COLUMNS,
  descriptorMarginals,
  INTRA_ERROR_SCALE,
  LESION_TYPE_COLUMN,
  NOT_APPLICABLE,
  REREAD_ERROR,
  type DescriptorColumn,
  type LesionType,
} from './mriDescriptors.js';
import { buildMriPosteriorModel, dkiMean, mriPosterior } from './mriPosterior.js';
import { MRI_STATUSES, SHEN2024_MARGINALS, type PerClass } from './shen2024Marginals.js';

export const MRI_DEMO_SEED = 20240232;
export const MRI_SITE = 'center1';
export const LESION_SIZE_COLUMN = 'mri_lesion_size_mm';
/** Inter-reader ICC of the lesion size (log scale); intra is higher. */
const LESION_SIZE_ICC = 0.95;

export type IhcScore = '0' | '1+' | '2+' | '3+';

export interface MriPatient {
  patientId: string;
  site: string;
  her2Status: Her2Status;
  ihc: IhcScore;
  /** FISH for IHC 2+ only (ASCO/CAP 2018), empty otherwise. */
  fish: 'positive' | 'negative' | '';
  er: boolean;
  pr: boolean;
  /** Percent, integer in [1, 95]. */
  ki67: number;
  age: number;
}

/** One reading of one lesion. */
export interface MriReading {
  /** Column -> level, for the lesion type and every descriptor (`none` where it does not apply). */
  categorical: Record<string, string>;
  /** Lesion size then the 21 DKI metrics, in `continuousColumns` order. */
  continuous: number[];
}

export interface MriTruth {
  /** P(class | everything in reader 1's row), the Bayes posterior of the generating model. */
  posterior: ClassProbabilities[];
  /** The same without Ki-67: what a model given ER, PR and the imaging columns can at best reach. */
  posteriorWithoutKi67: ClassProbabilities[];
}

export interface MriCohort {
  seed: number;
  patients: MriPatient[];
  categoricalColumns: string[];
  continuousColumns: string[];
  readings: { reader1: MriReading[]; reader1Again: MriReading[]; reader2: MriReading[] };
  truth: MriTruth;
}

export interface MriCohortOptions {
  /** Patients per class (default the paper's 60 / 91 / 81); NME counts scale with them. Tests use large counts. */
  classCounts?: PerClass<number>;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function drawLevel(levels: readonly string[], probabilities: readonly number[], rng: Rng): string {
  let u = rng.next();
  for (let i = 0; i < levels.length - 1; i++) {
    u -= probabilities[i];
    if (u < 0) return levels[i];
  }
  return levels[levels.length - 1];
}

function drawDescriptor(column: DescriptorColumn, type: LesionType, c: Her2Status, rng: Rng): string {
  if (!appliesTo(column, type)) return NOT_APPLICABLE;
  const m = descriptorMarginals(column);
  return drawLevel(m.levels, m.probabilities[c], rng);
}

function otherLevel(levels: readonly string[], current: string, rng: Rng): string {
  const others = levels.filter((l) => l !== current);
  return others[rng.int(others.length)];
}

/**
 * A second reading of reader 1's descriptors: each changes with its REREAD_ERROR (scaled). A changed
 * lesion type turns the other type's descriptors on (drawn afresh) and its own to `none`.
 */
function rereadCategorical(
  first: Record<string, string>,
  c: Her2Status,
  errorScale: number,
  rng: Rng,
): Record<string, string> {
  const firstType = first[LESION_TYPE_COLUMN] as LesionType;
  const type: LesionType =
    rng.next() < errorScale * REREAD_ERROR[LESION_TYPE_COLUMN]
      ? firstType === 'mass'
        ? 'nme'
        : 'mass'
      : firstType;
  const again: Record<string, string> = { [LESION_TYPE_COLUMN]: type };
  for (const column of DESCRIPTOR_COLUMNS) {
    const flip = rng.next() < errorScale * REREAD_ERROR[column];
    if (!appliesTo(column, type)) again[column] = NOT_APPLICABLE;
    else if (!appliesTo(column, firstType)) again[column] = drawDescriptor(column, type, c, rng);
    else
      again[column] = flip
        ? otherLevel(descriptorMarginals(column).levels, first[column], rng)
        : first[column];
  }
  return again;
}

function normals(d: number, sd: (j: number) => number, rng: Rng): Float64Array {
  return Float64Array.from({ length: d }, (_, j) => sd(j) * rng.normal());
}

interface PatientDraw {
  patient: MriPatient;
  readings: { reader1: MriReading; reader1Again: MriReading; reader2: MriReading };
  posteriorInput: Parameters<typeof mriPosterior>[1];
}

interface Cell {
  c: Her2Status;
  type: LesionType;
  er: boolean;
}

function drawPatient(seed: number, patientId: string, { c, type, er }: Cell): PatientDraw {
  const m = SHEN2024_MARGINALS;
  const rng = createRng(deriveSeed(seed, 'mri-patient', patientId));

  const twoPlus = rng.next() < m.ihc2PlusShare[c];
  const ihc: IhcScore = c === 'zero' ? '0' : twoPlus ? '2+' : c === 'low' ? '1+' : '3+';
  const fish = ihc !== '2+' ? '' : c === 'over' ? 'positive' : 'negative';
  const pr = rng.next() < (er ? m.prPositiveRateGivenEr.positive : m.prPositiveRateGivenEr.negative)[c];
  const logKi67 = Math.log(m.ki67.geometricMean[c]) + m.ki67.logSd * rng.normal();
  const ki67 = Math.round(clamp(Math.exp(logKi67), 1, 95));
  const age = Math.round(clamp(m.age.mean + m.age.sd * rng.normal(), 25, 85));

  const categorical: Record<string, string> = { [LESION_TYPE_COLUMN]: type };
  for (const column of DESCRIPTOR_COLUMNS) categorical[column] = drawDescriptor(column, type, c, rng);

  // DKI: true standardised latents, then each pass adds its reader's systematic and its own noise.
  const d = DKI_COORDINATES.length;
  const mean = dkiMean(c, type);
  const factors = Float64Array.from(FACTORS, () => rng.normal());
  const truth = Float64Array.from(DKI_COORDINATES, (x, j) => {
    const shared = x.loadings.reduce((s, w, k) => s + w * factors[k], 0);
    return mean[j] + shared + x.ownSd * rng.normal();
  });
  const reader1 = normals(d, (j) => DKI_COORDINATES[j].readerSd, rng);
  const reader2 = normals(d, (j) => DKI_COORDINATES[j].readerSd, rng);
  const logSizeTruth = rng.normal();
  const sizeNoiseSd = Math.sqrt((1 / LESION_SIZE_ICC - 1) / 2);
  const sizeReader1 = sizeNoiseSd * rng.normal();

  const measure = (reader: Float64Array, sizeReader: number) => {
    const z = Float64Array.from(truth, (t, j) => t + reader[j] + DKI_COORDINATES[j].passSd * rng.normal());
    const latents = Float64Array.from(z, (v, j) => DKI_COORDINATES[j].centre + DKI_COORDINATES[j].sd * v);
    const logSize = logSizeTruth + sizeReader + sizeNoiseSd * rng.normal();
    const size = Math.exp(Math.log(m.lesionSizeMm.geometricMean) + m.lesionSizeMm.logSd * logSize);
    return { z, continuous: [Math.round(size * 10) / 10, ...printedDkiMetrics(latents)] };
  };
  const first = measure(reader1, sizeReader1);
  const again = measure(reader1, sizeReader1);
  const second = measure(reader2, sizeNoiseSd * rng.normal());

  return {
    patient: { patientId, site: MRI_SITE, her2Status: c, ihc, fish, er, pr, ki67, age },
    readings: {
      reader1: { categorical, continuous: first.continuous },
      reader1Again: {
        categorical: rereadCategorical(categorical, c, INTRA_ERROR_SCALE, rng),
        continuous: again.continuous,
      },
      reader2: { categorical: rereadCategorical(categorical, c, 1, rng), continuous: second.continuous },
    },
    posteriorInput: { lesionType: type, descriptors: categorical, dki: first.z, er, pr, logKi67 },
  };
}

const perClassCounts = (f: (c: Her2Status) => number): PerClass<number> => ({
  zero: f('zero'),
  low: f('low'),
  over: f('over'),
});

/** NME counts for other class counts: the paper-shaped NME share per class, rounded. */
function scaledNmeCounts(classCounts: PerClass<number>): PerClass<number> {
  const m = SHEN2024_MARGINALS;
  return perClassCounts((c) => Math.round((m.nmeCounts[c] / m.classCounts[c]) * classCounts[c]));
}

export function generateMriCohort(seed: number = MRI_DEMO_SEED, options: MriCohortOptions = {}): MriCohort {
  const classCounts = options.classCounts ?? SHEN2024_MARGINALS.classCounts;
  for (const c of MRI_STATUSES) {
    if (!Number.isInteger(classCounts[c]) || classCounts[c] < 1)
      throw new Error(`classCounts.${c} must be a positive integer, got ${classCounts[c]}`);
  }
  const nmeCounts = options.classCounts ? scaledNmeCounts(classCounts) : SHEN2024_MARGINALS.nmeCounts;
  const erCounts = perClassCounts((c) => Math.round(SHEN2024_MARGINALS.erPositiveRate[c] * classCounts[c]));
  const rng = createRng(deriveSeed(seed, 'mri-cells'));
  // Lesion type and ER with exact counts per class (ER independently of the type), then one shuffle.
  const cells = shuffleInPlace(
    MRI_STATUSES.flatMap((c) => {
      const er = shuffleInPlace(
        Array.from({ length: classCounts[c] }, (_, i) => i < erCounts[c]),
        rng,
      );
      return er.map((positive, i): Cell => ({ c, type: i < nmeCounts[c] ? 'nme' : 'mass', er: positive }));
    }),
    rng,
  );
  const model = buildMriPosteriorModel(classCounts, nmeCounts, erCounts);
  const draws = cells.map((cell, i) => drawPatient(seed, `mri-${String(i + 1).padStart(4, '0')}`, cell));
  return {
    seed,
    patients: draws.map((x) => x.patient),
    categoricalColumns: [LESION_TYPE_COLUMN, ...DESCRIPTOR_COLUMNS],
    continuousColumns: [LESION_SIZE_COLUMN, ...DKI_COLUMNS],
    readings: {
      reader1: draws.map((x) => x.readings.reader1),
      reader1Again: draws.map((x) => x.readings.reader1Again),
      reader2: draws.map((x) => x.readings.reader2),
    },
    truth: {
      posterior: draws.map((x) => mriPosterior(model, x.posteriorInput, { withKi67: true })),
      posteriorWithoutKi67: draws.map((x) => mriPosterior(model, x.posteriorInput, { withKi67: false })),
    },
  };
}
