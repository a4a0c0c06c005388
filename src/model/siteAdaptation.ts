/**
 * A model adapted to a new site: the site's ComBat effects or quantiles (src/harmonisation/siteAdaptation.ts)
 * estimated from its unlabelled patients against the model's training distribution, kept beside the
 * model (the artifact, and so the model id, never changes). The reference per feature is the
 * artifact's training range: its mean, and its std rescaled to the divisor n of sva's reference.
 */
import {
  fitSiteEffects,
  type ReferenceFeature,
  type SiteAdaptationMethod,
  type SiteEffects,
} from '../harmonisation/siteAdaptation.js';
import type { ModelArtifact } from './artifact.js';
import type { PatientInput } from './her2Model.js';

export const SITE_ADAPTATION_SCHEMA_VERSION = 1;
/** Fewer patients than this estimate a site's location and scale too loosely to trust (configurable). */
export const DEFAULT_MIN_SITE_PATIENTS = 20;

export interface SiteAdaptation {
  schemaVersion: typeof SITE_ADAPTATION_SCHEMA_VERSION;
  modelId: string;
  site: string;
  createdAt: string;
  /** The adapted imaging features, in the order of `reference` and the effects. */
  features: string[];
  reference: ReferenceFeature[];
  effects: SiteEffects;
}

/** A patient of the site to adapt: the imaging features are all that is read (no label, no clinical). */
export type SitePatient = Pick<PatientInput, 'id' | 'features'>;

export interface SiteAdaptationOptions {
  /** combat (default): location and scale; quantile: the whole distribution per feature. */
  method?: SiteAdaptationMethod;
  eb?: boolean;
  meanOnly?: boolean;
  minPatients?: number;
  now?: () => Date;
}

/** Adaptations in site-name order (code units, as PostgreSQL's COLLATE "C"): how every store lists them. */
export function compareSites(a: SiteAdaptation, b: SiteAdaptation): number {
  return a.site < b.site ? -1 : a.site > b.site ? 1 : 0;
}

/** The site's patients cannot adapt the model (maps to HTTP 422; the CLI prints it). */
export class SiteAdaptationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SiteAdaptationError';
  }
}

/** Site names are stored as file names by the directory store: printable, no path characters. */
export const SITE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$';
const SITE_NAME_RE = new RegExp(SITE_NAME_PATTERN);

/** The model's imaging features (not clinical inputs): what a site's scanner shifts. */
export function adaptableFeatures(artifact: ModelArtifact): string[] {
  const clinical = new Set(artifact.input.clinical);
  return artifact.input.features.filter((f) => !clinical.has(f) && artifact.input.ranges[f] !== undefined);
}

/** Training rows of the model: the divisor of the reference variance. */
function trainingSize(artifact: ModelArtifact): number {
  return Object.values(artifact.cohortSummary.training ?? {}).reduce((s, cell) => s + (cell?.n ?? 0), 0);
}

export function adaptModelToSite(
  artifact: ModelArtifact,
  site: string,
  patients: readonly SitePatient[],
  options: SiteAdaptationOptions = {},
): SiteAdaptation {
  const name = site.trim();
  if (!SITE_NAME_RE.test(name)) {
    throw new SiteAdaptationError(
      `site ${JSON.stringify(site.slice(0, 80))} is not a valid site name (letters, digits, space, '.', '_', '-'; at most 64)`,
      'site',
    );
  }
  const trainingSites = artifact.input.harmonization?.batches ?? [];
  if (trainingSites.includes(name)) {
    throw new SiteAdaptationError(
      `site ${JSON.stringify(name)} is one of this model's training sites (${trainingSites.join(', ')}); it is harmonised already`,
      'site',
    );
  }
  const minPatients = options.minPatients ?? DEFAULT_MIN_SITE_PATIENTS;
  if (patients.length < minPatients) {
    throw new SiteAdaptationError(
      `site ${name}: ${patients.length} patients given; adapting a site needs at least ${minPatients}`,
      'patients',
    );
  }
  const features = adaptableFeatures(artifact);
  if (features.length === 0) {
    throw new SiteAdaptationError(`model ${artifact.id} uses no imaging features; there is nothing to adapt`);
  }
  const n = trainingSize(artifact);
  const method = options.method ?? 'combat';
  const reference = features.map((f): ReferenceFeature => {
    const { mean, std, quantiles } = artifact.input.ranges[f];
    return {
      mean,
      variance: n > 1 ? (std * std * (n - 1)) / n : std * std,
      ...(method === 'quantile' && quantiles && { quantiles }),
    };
  });
  if (method === 'quantile' && reference.some((r) => !r.quantiles)) {
    throw new SiteAdaptationError(
      `model ${artifact.id} records no training quantiles (it was trained before quantile adaptation existed); ` +
        `use method "combat", or retrain the model`,
      'method',
    );
  }
  const columns = features.map((f) =>
    Float64Array.from(patients, (patient, i) => {
      const value = patient.features?.[f];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new SiteAdaptationError(
          `patient ${patient.id ?? `#${i + 1}`}: features.${f} ${value === undefined ? 'is missing' : 'must be a finite number'}; every patient of the site needs every imaging feature of the model`,
          `patients[${i}].features.${f}`,
        );
      }
      return value;
    }),
  );
  let effects: SiteEffects;
  try {
    effects = fitSiteEffects(reference, columns, {
      method,
      eb: options.eb,
      meanOnly: options.meanOnly,
      featureNames: features,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new SiteAdaptationError(`site ${name}: ${error.message}`);
    throw error;
  }
  return {
    schemaVersion: SITE_ADAPTATION_SCHEMA_VERSION,
    modelId: artifact.id,
    site: name,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    features,
    reference,
    effects,
  };
}
