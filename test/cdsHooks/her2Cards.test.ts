import { describe, expect, it } from 'vitest';
import type { RiskAssessment } from '@medplum/fhirtypes';
import {
  MAX_SUMMARY_LENGTH,
  escapeMarkdown,
  missingInputsCard,
  predictionCard,
} from '../../src/cdsHooks/her2Cards.js';
import type { PatientPrediction } from '../../src/model/her2Model.js';

const ctx = (synthetic: boolean) => ({
  cardUuid: 'card-1',
  suggestionUuid: 'sugg-1',
  model: { id: 'a'.repeat(64), synthetic },
  modelCardUrl: 'https://her2.example/v1/models/aaa',
  modelReportUrl: 'https://her2.example/v1/models/aaa/report',
});
const risk = {
  resourceType: 'RiskAssessment',
  status: 'final',
  subject: { reference: 'Patient/1' },
} as RiskAssessment;

function prediction(status: 'over' | 'low' | 'zero', warnings: string[] = []): PatientPrediction {
  const distribution = {
    over: 0.1,
    low: 0.2,
    zero: 0.1,
    [status]: 0.7149,
  } as PatientPrediction['distribution'];
  return {
    id: 'Patient/1',
    tasks: {},
    distribution,
    status,
    warnings,
    ignoredFeatures: [],
    outOfDistribution: false,
  };
}

describe('her2 cards', () => {
  it('keeps every estimate summary under 140 characters, synthetic or not', () => {
    for (const status of ['over', 'low', 'zero'] as const)
      for (const synthetic of [false, true]) {
        const c = predictionCard(prediction(status), risk, ctx(synthetic));
        expect(c.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH);
        expect(c.summary).toContain(`HER2-${status} likely (p = 0.71)`);
        expect(c.summary.startsWith('SYNTHETIC model')).toBe(synthetic);
        expect(c.indicator).toBe(synthetic ? 'warning' : 'info');
      }
    expect(predictionCard(prediction('low'), risk, ctx(false)).summary).toBe(
      'HER2-low likely (p = 0.71): consider HER2-low-directed therapy review',
    );
  });

  it('warns when the model warns about an input, and escapes Markdown in the warning', () => {
    const c = predictionCard(
      prediction('zero', ['pet_original_firstorder_Mean = outside the training range']),
      risk,
      ctx(false),
    );
    expect(c.indicator).toBe('warning');
    expect(c.detail).toContain('pet\\_original\\_firstorder\\_Mean = outside the training range');
  });

  it('lists at most 40 missing inputs and counts the rest', () => {
    const missing = Array.from({ length: 45 }, (_, i) => `feature ${i}`);
    const c = missingInputsCard(missing, ctx(false));
    expect(c.summary).toBe('HER2 status not estimated: 45 required inputs missing from the chart');
    expect(c.detail).toContain('- feature 39\n- … and 5 more');
    expect(c.indicator).toBe('info');
  });

  it('escapes the characters that would become emphasis, links, HTML or table cells', () => {
    expect(escapeMarkdown('a_b*c[d](e)<f>|g`')).toBe('a\\_b\\*c\\[d\\](e)\\<f\\>\\|g\\`');
  });
});
