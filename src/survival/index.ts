/** Survival statistics for the prognosis study: pure functions, each tested against R. */
export { kaplanMeier, survivalAt, survivalQuantileTime } from './kaplanMeier.js';
export type { KaplanMeierCurve, KaplanMeierOptions, SurvivalPoint } from './kaplanMeier.js';
export { logRankTest } from './logRank.js';
export type { GroupLabel, LogRankResult } from './logRank.js';
export { coxPh } from './coxPh.js';
export type { CoxPhOptions, CoxPhResult } from './coxPh.js';
export type { SchoenfeldTest } from './schoenfeldTest.js';
export { spearman } from './spearman.js';
export type { SpearmanResult } from './spearman.js';
export { timeDependentRoc } from './timeDependentRoc.js';
export type { TimeDependentRoc, TimeDependentRocOptions } from './timeDependentRoc.js';
