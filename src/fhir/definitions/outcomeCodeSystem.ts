/** The CodeSystem of RiskAssessment.prediction.outcome: the three HER2 statuses, the model's tasks, the assessment. */
import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import { HER2_STATUSES } from '../../cohort/cohort.js';
import { OUTCOME_CODE_SYSTEM_ID, OUTCOME_SYSTEM } from '../codes.js';
import { STATUS_DISPLAY } from '../riskAssessment.js';

/** `tasks`: the served model's task names and what each probability means. */
export function outcomeCodeSystem(tasks: Readonly<Record<string, string>> = {}): CodeSystem {
  const concept: CodeSystemConcept[] = [
    { code: 'her2-status', display: 'HER2 expression status (over / low / zero) predicted from radiomics' },
    ...HER2_STATUSES.map((s) => ({ code: s, display: STATUS_DISPLAY[s] })),
    ...Object.entries(tasks).map(([name, description]) => ({
      code: `task-${name}`,
      display: `Task ${name}: ${description}`,
    })),
  ];
  return {
    resourceType: 'CodeSystem',
    id: OUTCOME_CODE_SYSTEM_ID,
    url: OUTCOME_SYSTEM,
    version: '1',
    name: 'Her2PredictionOutcomes',
    title: 'HER2 radiomics service: predicted outcomes',
    status: 'active',
    experimental: true,
    publisher: 'her2-radiomics service',
    description:
      'Outcomes of the RiskAssessments the service returns: the three HER2 expression statuses (their probabilities ' +
      'form the coupled three-class distribution) and task-<name> for the probability of each task of the model ' +
      '(one-vs-rest, or conditional for a pairwise task). Task codes follow the grammar task-<task name>; this ' +
      "resource lists the served model's tasks.",
    caseSensitive: true,
    content: 'fragment',
    concept,
  };
}
