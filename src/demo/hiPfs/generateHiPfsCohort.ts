/**
 * The seeded SYNTHETIC lesion + outcome cohort after Ma et al. 2023 (see hiPfsMarginals.ts for
 * every number and its source). Pure: no I/O; the same seed gives the same cohort.
 *
 * Lesion values are rounded as they will be written, and the patient's HI50_max (the marker the
 * hazard depends on) is computed from the rounded values with the product's own marker code, so
 * the file, the truth and the analysis all see the same number.
 */
import type { Lesion, OutcomeRecord } from '../../prognosis/lesionTable.js';
import { patientMarker } from '../../prognosis/markers.js';
import { createRng, deriveSeed, type Rng } from '../../stats/random.js';
import { HI_PFS_DEMO_SEED, HI_PFS_MARGINALS as M } from './hiPfsMarginals.js';

export interface HiPfsTruth {
  patientId: string;
  hi50Max: number;
  /** The exponential PFS rate per month the patient's time was drawn from. */
  hazardPerMonth: number;
}

export interface HiPfsCohort {
  seed: number;
  lesions: Lesion[];
  outcomes: OutcomeRecord[];
  truth: HiPfsTruth[];
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Each patient's sites, with Table 1's patient count per site reproduced exactly. */
function patientSites(rng: Rng): string[][] {
  const n = M.patients;
  const sites: string[][] = Array.from({ length: n }, () => []);
  const everyone = Array.from({ length: n }, (_, i) => i);
  const counts: [string, number][] = [...Object.entries(M.sitePatients), ...Object.entries(M.otherPatients)];
  for (const [site, count] of counts)
    for (const i of shuffled(everyone, rng).slice(0, count)) sites[i].push(site);
  const visceral = (s: string[]) => s.includes('lung') || s.includes('liver');
  const withoutViscera = shuffled(
    everyone.filter((i) => !visceral(sites[i])),
    rng,
  );
  const missing = M.visceraPatients - (n - withoutViscera.length);
  withoutViscera
    .slice(0, Math.max(0, missing))
    .forEach((i, k) => sites[i].push(k % 2 === 0 ? 'adrenal' : 'ovary'));
  return sites;
}

/** Lesion counts summing to the paper's total, at least as many as the patient's sites. */
function lesionCounts(sites: string[][], rng: Rng): number[] {
  const base = sites.map((s) => Math.max(M.minLesionsPerPatient, s.length));
  const weights = sites.map(() => Math.exp(0.9 * rng.normal()));
  let remaining = M.lesions - base.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = base.map((b, i) => b + Math.floor((remaining * weights[i]) / total));
  remaining = M.lesions - counts.reduce((a, b) => a + b, 0);
  // The rounding remainder goes to the heaviest weights, one each.
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; k < remaining; k++) counts[order[k % order.length][1]]++;
  return counts;
}

function lesion(patientId: string, index: number, site: string, z: number, rng: Rng): Lesion {
  const suvMax = round(Math.max(M.suvMax.min, M.suvMax.median * Math.exp(M.suvMax.logSd * rng.normal())), 2);
  const r50 =
    0.5 + 0.5 * logistic(M.hi50.ratioCentre - M.hi50.patientWeight * z - M.hi50.lesionWeight * rng.normal());
  // Lower thresholds take in cooler voxels: the mean falls and the volume grows.
  const r40 = r50 - (r50 - 0.4) * (0.15 + 0.2 * rng.next());
  const suvMean25 = 2.5 + (suvMax - 2.5) * (0.25 + 0.25 * rng.next());
  const mtv50 = M.mtv50.median * Math.exp(M.mtv50.logSd * rng.normal());
  const mtv40 = mtv50 * (1.3 + 0.5 * rng.next());
  const mtv25 = mtv40 * (1 + (0.3 * (suvMax - 2.5) * (0.5 + rng.next())) / 2.5);
  return {
    patientId,
    lesionId: `L${String(index + 1).padStart(2, '0')}`,
    site,
    suvMax,
    measures: {
      '2.5': { suvMean: round(suvMean25, 2), mtv: round(mtv25, 2) },
      '40': { suvMean: round(suvMax * r40, 2), mtv: round(mtv40, 2) },
      '50': { suvMean: round(suvMax * r50, 2), mtv: round(mtv50, 2) },
    },
  };
}

const HI50_MAX = { parameter: 'HI', threshold: '50', aggregate: 'max' } as const;

export function generateHiPfsCohort(seed: number = HI_PFS_DEMO_SEED): HiPfsCohort {
  const layoutRng = createRng(deriveSeed(seed, 'hi-pfs-layout'));
  const sites = patientSites(layoutRng);
  const counts = lesionCounts(sites, layoutRng);
  const lesions: Lesion[] = [];
  const outcomes: OutcomeRecord[] = [];
  const truth: HiPfsTruth[] = [];
  sites.forEach((patientSiteList, i) => {
    const patientId = `hp-${String(i + 1).padStart(3, '0')}`;
    const rng = createRng(deriveSeed(seed, 'hi-pfs-patient', patientId));
    const z = rng.normal();
    // Every site gets one lesion; the rest fall on the patient's sites at random.
    const lesionSites = Array.from({ length: counts[i] }, (_, k) =>
      k < patientSiteList.length ? patientSiteList[k] : patientSiteList[rng.int(patientSiteList.length)],
    );
    const own = lesionSites.map((site, k) => lesion(patientId, k, site, z, rng));
    lesions.push(...own);
    const hi50Max = patientMarker(own, HI50_MAX)!;
    const hazardPerMonth =
      M.hazard.baselineRatePerMonth * Math.exp(M.hazard.logHazardRatioPerUnit * (hi50Max - M.hazard.centre));
    const eventTime = -Math.log(1 - rng.next()) / hazardPerMonth;
    const followUp = M.followUpMonths.min + (M.followUpMonths.max - M.followUpMonths.min) * rng.next();
    const progressed = eventTime <= followUp;
    outcomes.push({
      patientId,
      pfsMonths: Math.max(0.1, round(Math.min(eventTime, followUp), 2)),
      progressed,
    });
    truth.push({ patientId, hi50Max, hazardPerMonth });
  });
  return { seed, lesions, outcomes, truth };
}
