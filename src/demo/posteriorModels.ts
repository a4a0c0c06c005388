/**
 * The two sites' exact posterior models (see bayesPosterior.ts) from the demo's generating parameters:
 * priors and ER / PR rates are the site's class counts from Tables 1-2 (institution1 pools its training
 * and validation sets); the informative features' covariance adds that site's measurement and scanner noise.
 */
import { HER2_STATUSES, SET_NAMES, type Her2Status } from '../cohort/cohort.js';
import { choleskyLower, type ClassProbabilities, type PosteriorModel } from './bayesPosterior.js';
import { INFORMATIVE_FEATURES, NONLINEAR_FEATURE, informativeClassMean } from './classSignal.js';
import type { DemoSite } from './demoPatients.js';
import type { FeatureModel, FeatureSpec } from './featureModel.js';
import { HOU2025_MARGINALS } from './hou2025Marginals.js';

function siteRates(site: DemoSite) {
  const sets = SET_NAMES.filter((s) => HOU2025_MARGINALS.sets[s].site === site);
  const sum = (c: Her2Status, key: 'n' | 'erPositive' | 'prPositive'): number =>
    sets.reduce((t, s) => t + HOU2025_MARGINALS.sets[s].classes[c][key], 0);
  const total = HER2_STATUSES.reduce((t, c) => t + sum(c, 'n'), 0);
  const per = (f: (c: Her2Status) => number): ClassProbabilities => ({
    over: f('over'),
    low: f('low'),
    zero: f('zero'),
  });
  return {
    logPrior: per((c) => Math.log(sum(c, 'n') / total)),
    erRate: per((c) => sum(c, 'erPositive') / sum(c, 'n')),
    prRate: per((c) => sum(c, 'prPositive') / sum(c, 'n')),
  };
}

function noiseVariance(spec: FeatureSpec, site: DemoSite): number {
  const scanner = site === 'institution2' ? spec.siteNoiseSd ** 2 : 0;
  return spec.readerSd ** 2 + spec.passSd ** 2 + scanner;
}

export function buildPosteriorModel(model: FeatureModel, site: DemoSite): PosteriorModel {
  const d = INFORMATIVE_FEATURES.length;
  const specByInformative = new Array<FeatureSpec>(d);
  let nonlinearSpec: FeatureSpec | undefined;
  for (const spec of model.specs) {
    if (spec.role === 'informative') specByInformative[spec.informativeIndex] = spec;
    if (spec.role === 'nonlinear') nonlinearSpec = spec;
  }
  if (nonlinearSpec === undefined) throw new Error(`${NONLINEAR_FEATURE.name} is not a feature`);
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const a = INFORMATIVE_FEATURES[i];
    for (let j = 0; j < d; j++) {
      const b = INFORMATIVE_FEATURES[j];
      const dot = HER2_STATUSES.reduce((s, c) => s + a.direction[c] * b.direction[c], 0);
      covariance[i * d + j] = a.kappa * b.kappa * dot;
    }
    covariance[i * d + i] += 1 - a.kappa ** 2 + noiseVariance(specByInformative[i], site);
  }
  const means = Object.fromEntries(
    HER2_STATUSES.map((c) => [c, Float64Array.from(INFORMATIVE_FEATURES, (f) => informativeClassMean(f, c))]),
  ) as Record<Her2Status, Float64Array>;
  const nonlinearNoise = noiseVariance(nonlinearSpec, site);
  const rates = siteRates(site);
  return {
    ...rates,
    means,
    choleskyLower: choleskyLower(covariance, d),
    dimension: d,
    nonlinearVariance: {
      over: NONLINEAR_FEATURE.sd.over ** 2 + nonlinearNoise,
      low: NONLINEAR_FEATURE.sd.low ** 2 + nonlinearNoise,
      zero: NONLINEAR_FEATURE.sd.zero ** 2 + nonlinearNoise,
    },
  };
}
