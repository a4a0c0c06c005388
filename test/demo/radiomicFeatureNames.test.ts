import { describe, expect, it } from 'vitest';
import { HOU2025_MARGINALS } from '../../src/demo/hou2025Marginals.js';
import { IMAGE_TYPES, RADIOMIC_FEATURES } from '../../src/demo/radiomicFeatureNames.js';

const names = RADIOMIC_FEATURES.map((f) => f.name);
const NAME_PATTERN =
  /^(pet|ct)_(original|log-sigma-1-mm-3D|wavelet-[LH]{3})_(shape|firstorder|glcm|glrlm|glszm|gldm|ngtdm)_[A-Za-z0-9]+$/;

describe('radiomic feature names', () => {
  it('are 943 PET + 943 CT, unique, in PyRadiomics form', () => {
    expect(names.filter((n) => n.startsWith('pet_'))).toHaveLength(943);
    expect(names.filter((n) => n.startsWith('ct_'))).toHaveLength(943);
    expect(new Set(names).size).toBe(1886);
    for (const n of names) expect(n).toMatch(NAME_PATTERN);
  });

  it('have PyRadiomics class sizes: shape 14 (original only), per image type firstorder 18, glcm 24 (23 original), glrlm 16, glszm 16, gldm 14, ngtdm 5', () => {
    const count = (modality: string, imageType: string, cls: string) =>
      names.filter((n) => n.startsWith(`${modality}_${imageType}_${cls}_`)).length;
    for (const m of ['pet', 'ct']) {
      expect(names.filter((n) => n.startsWith(`${m}_`) && n.includes('_shape_'))).toHaveLength(14);
      expect(count(m, 'original', 'shape')).toBe(14);
      for (const t of IMAGE_TYPES) {
        expect(count(m, t, 'firstorder')).toBe(18);
        expect(count(m, t, 'glcm')).toBe(t === 'original' ? 23 : 24);
        expect(count(m, t, 'glrlm')).toBe(16);
        expect(count(m, t, 'glszm')).toBe(16);
        expect(count(m, t, 'gldm')).toBe(14);
        expect(count(m, t, 'ngtdm')).toBe(5);
      }
    }
    expect(IMAGE_TYPES).toHaveLength(10);
    expect(IMAGE_TYPES.filter((t) => t.startsWith('wavelet-'))).toHaveLength(8);
  });

  it('include every Table 3 feature and well-known PyRadiomics names', () => {
    const set = new Set(names);
    const t3 = HOU2025_MARGINALS.table3.features;
    for (const n of [...t3.over, ...t3.low, ...t3.zero]) expect(set.has(n), n).toBe(true);
    for (const n of [
      'pet_original_shape_MajorAxisLength',
      'pet_original_firstorder_10Percentile',
      'ct_original_firstorder_TotalEnergy',
      'ct_log-sigma-1-mm-3D_glcm_MCC',
      'ct_wavelet-HHH_glszm_ZoneEntropy',
      'pet_wavelet-LLL_gldm_LargeDependenceHighGrayLevelEmphasis',
      'pet_wavelet-HLH_ngtdm_Busyness',
      'ct_wavelet-LLH_glrlm_RunLengthNonUniformityNormalized',
    ]) {
      expect(set.has(n), n).toBe(true);
    }
    // Deprecated / disabled-by-default PyRadiomics features are absent.
    for (const n of [
      'pet_original_firstorder_StandardDeviation',
      'ct_original_glcm_Dissimilarity',
      'ct_original_glcm_SumAverage',
    ]) {
      expect(set.has(n), n).toBe(false);
    }
  });
});
