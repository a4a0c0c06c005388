/**
 * The categorical BI-RADS columns of the SYNTHETIC MRI demo: their levels (reference level first, as a
 * training config declares them), which lesions each is read on, and how often a re-read changes it.
 * A descriptor that does not apply to the lesion (mass shape of an NME lesion) prints `none`.
 */
import { SHEN2024_MARGINALS, type DescriptorMarginals } from './shen2024Marginals.js';

export const LESION_TYPE_COLUMN = 'mri_lesion_type';
/** `nme` is the paper's "NME-related" group: NME, or mass with NME (3.2). */
export const LESION_TYPES = ['mass', 'nme'] as const;
export type LesionType = (typeof LESION_TYPES)[number];

export const NOT_APPLICABLE = 'none';

export type DescriptorColumn = keyof typeof SHEN2024_MARGINALS.descriptors;

/** The descriptors after the lesion type, in CSV order. */
export const DESCRIPTOR_COLUMNS = Object.keys(SHEN2024_MARGINALS.descriptors) as DescriptorColumn[];

export function descriptorMarginals(column: DescriptorColumn): DescriptorMarginals {
  return SHEN2024_MARGINALS.descriptors[column];
}

export function appliesTo(column: DescriptorColumn, type: LesionType): boolean {
  const scope = descriptorMarginals(column).appliesTo;
  return scope === 'all' || scope === type;
}

/** Every categorical column with its levels, reference first (`none` last where a descriptor can be absent). */
export function categoricalLevels(): Record<string, string[]> {
  const levels: Record<string, string[]> = { [LESION_TYPE_COLUMN]: [...LESION_TYPES] };
  for (const column of DESCRIPTOR_COLUMNS) {
    const m = descriptorMarginals(column);
    levels[column] = m.appliesTo === 'all' ? [...m.levels] : [...m.levels, NOT_APPLICABLE];
  }
  return levels;
}

/**
 * Probability that a second reading by the other reader reports a different level (uniformly one of
 * the others). The first reader's own second reading errs half as often. 3.4 reports kappa 0.820-0.957
 * for every descriptor; BPE and mass margin are made unreliable on purpose (kappa about 0.5) so the
 * kappa filter has something to remove.
 */
export const REREAD_ERROR: Record<typeof LESION_TYPE_COLUMN | DescriptorColumn, number> = {
  mri_lesion_type: 0.03,
  mri_fgt: 0.12,
  mri_bpe: 0.35,
  mri_multifocal: 0.04,
  mri_t2_hyperintensity: 0.07,
  mri_peritumoral_edema: 0.1,
  mri_mass_shape: 0.12,
  mri_mass_margin: 0.5,
  mri_mass_enhancement: 0.15,
  mri_nme_distribution: 0.15,
  mri_nme_enhancement: 0.15,
};

export const UNRELIABLE_DESCRIPTORS: readonly string[] = ['mri_bpe', 'mri_mass_margin'];

export const INTRA_ERROR_SCALE = 0.5;
