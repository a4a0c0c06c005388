/**
 * The demo cohort's patients and clinical columns, drawn per (set, HER2 class) cell of the paper's
 * Tables 1 and 2: class counts and ER / PR / Ki-67 positive counts are reproduced exactly (the right
 * number of positives, shuffled within the cell); age, SUVmax and SUVmean approximately (normal /
 * log-normal with the table's mean and sd, drawn from within-cell standardised normals so the cell
 * means land close to the table).
 */
import { HER2_STATUSES, SET_NAMES, type Her2Status, type SetName } from '../cohort/cohort.js';
import { createRng, deriveSeed, shuffleInPlace, type Rng } from '../stats/random.js';
import { HOU2025_MARGINALS, type ClassMarginals, type MeanSd } from './hou2025Marginals.js';

export type DemoSite = 'institution1' | 'institution2';

export interface DemoPatient {
  patientId: string;
  site: DemoSite;
  /** The paper's split: training / validation at institution1, external at institution2. */
  set: SetName;
  her2Status: Her2Status;
  er: boolean;
  pr: boolean;
  /** Percent of Ki-67 positive nuclei (>= 14 counts as high). */
  ki67: number;
  age: number;
  suvMax: number;
  suvMean: number;
}

const SITE_ID_PREFIX: Record<DemoSite, string> = { institution1: 'inst1', institution2: 'inst2' };

/** Correlation of log SUVmean with log SUVmax (both read from the same lesion). */
const SUV_LOG_CORRELATION = 0.9;
/** With a 40%-of-SUVmax VOI the mean stays well below the maximum. */
const MAX_SUV_MEAN_TO_MAX_RATIO = 0.9;

function exactPositives(n: number, positives: number, rng: Rng): boolean[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i < positives),
    rng,
  );
}

/** n standard normals rescaled to sample mean 0 and sd 1, so a small cell still hits the table. */
function standardisedNormals(n: number, rng: Rng): number[] {
  const z = Array.from({ length: n }, () => rng.normal());
  if (n < 2) return z;
  const mean = z.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return z.map((v) => (v - mean) / sd);
}

/** Log-normal with the given arithmetic mean and sd, evaluated at standard-normal quantile z. */
function logNormalAt(target: MeanSd, z: number): number {
  const s2 = Math.log(1 + (target.sd / target.mean) ** 2);
  return Math.exp(Math.log(target.mean) - s2 / 2 + Math.sqrt(s2) * z);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function cellClinical(m: ClassMarginals, rng: Rng) {
  const er = exactPositives(m.n, m.erPositive, rng);
  const pr = exactPositives(m.n, m.prPositive, rng);
  const ki67High = exactPositives(m.n, m.ki67High, rng);
  const zAge = standardisedNormals(m.n, rng);
  const zMax = standardisedNormals(m.n, rng);
  const zOwn = standardisedNormals(m.n, rng);
  const r = SUV_LOG_CORRELATION;
  return Array.from({ length: m.n }, (_, i) => {
    const suvMax = round2(Math.max(1, logNormalAt(m.suvMax, zMax[i])));
    const zMean = r * zMax[i] + Math.sqrt(1 - r * r) * zOwn[i];
    const suvMean = round2(Math.min(logNormalAt(m.suvMean, zMean), MAX_SUV_MEAN_TO_MAX_RATIO * suvMax));
    const ki67 = ki67High[i]
      ? Math.round(clamp(Math.exp(Math.log(30) + 0.5 * rng.normal()), 14, 95))
      : 1 + rng.int(13);
    return {
      er: er[i],
      pr: pr[i],
      ki67,
      age: Math.round(clamp(m.age.mean + m.age.sd * zAge[i], 25, 90)),
      suvMax,
      suvMean,
    };
  });
}

/** Patients in ID order: institution1 (inst1-001 ...), then institution2 (inst2-001 ...). */
export function generateDemoPatients(seed: number): DemoPatient[] {
  const rng = createRng(deriveSeed(seed, 'demo-patients'));
  const patients: DemoPatient[] = [];
  for (const site of ['institution1', 'institution2'] as const) {
    const sets = SET_NAMES.filter((s) => HOU2025_MARGINALS.sets[s].site === site);
    // Which (set, class) cell each of the site's patient IDs falls in.
    const cells = shuffleInPlace(
      sets.flatMap((set) =>
        HER2_STATUSES.flatMap((c) =>
          Array.from({ length: HOU2025_MARGINALS.sets[set].classes[c].n }, () => ({ set, c })),
        ),
      ),
      rng,
    );
    const clinicalByCell = new Map<string, ReturnType<typeof cellClinical>>();
    for (const set of sets) {
      for (const c of HER2_STATUSES)
        clinicalByCell.set(`${set}|${c}`, cellClinical(HOU2025_MARGINALS.sets[set].classes[c], rng));
    }
    const used = new Map<string, number>();
    cells.forEach(({ set, c }, i) => {
      const key = `${set}|${c}`;
      const k = used.get(key) ?? 0;
      used.set(key, k + 1);
      const clinical = clinicalByCell.get(key)![k];
      patients.push({
        patientId: `${SITE_ID_PREFIX[site]}-${String(i + 1).padStart(3, '0')}`,
        site,
        set,
        her2Status: c,
        ...clinical,
      });
    });
  }
  return patients;
}
