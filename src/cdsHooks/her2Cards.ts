/**
 * The cards of the `her2-status` service. One card per call: the estimate (the three probabilities,
 * warnings, and the RiskAssessment as a suggestion to accept), or, when no estimate can be made, a
 * card saying why (inputs missing from the chart, inputs that contradict each other or are invalid,
 * inputs far outside the training data). Pure functions; the route supplies ids and URLs.
 */
import type { Coding, RiskAssessment } from '@medplum/fhirtypes';
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { CANONICAL_BASE, OUTCOME_SYSTEM } from '../fhir/codes.js';
import { STATUS_DISPLAY } from '../fhir/riskAssessment.js';
import type { OutOfDistributionInput, PatientPrediction } from '../model/her2Model.js';
import { SYNTHETIC_WARNING } from '../registry/summary.js';
import type { CdsCard, CdsIndicator } from './cdsTypes.js';

/** The spec: a summary is one sentence of fewer than 140 characters. */
export const MAX_SUMMARY_LENGTH = 139;

const RESEARCH_USE = 'Research use only; not a medical device. HER2 status must be established by IHC / ISH.';

export const OVERRIDE_REASON_SYSTEM = `${CANONICAL_BASE}/CodeSystem/her2-cds-override-reasons`;

export const OVERRIDE_REASONS: readonly Coding[] = [
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'her2-established',
    display: 'HER2 status already established by IHC / ISH',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'inputs-unreliable',
    display: 'Imaging or receptor inputs not reliable here',
  },
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-relevant', display: 'Not relevant to the current decision' },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'disagree',
    display: 'Clinical judgement disagrees with the estimate',
  },
];

const TOPIC: Coding = { system: OUTCOME_SYSTEM, code: 'her2-status', display: 'HER2 expression status' };

/** What each likely status suggests reviewing (kept short: it goes into the summary). */
const NEXT_STEP: Record<Her2Status, string> = {
  over: 'consider anti-HER2 therapy review once confirmed by IHC / ISH',
  low: 'consider HER2-low-directed therapy review',
  zero: 'HER2-directed therapy unlikely to apply; confirm by IHC',
};

export interface CardContext {
  /** The card's and its suggestion's uuids (the feedback endpoint refers to them). */
  cardUuid: string;
  suggestionUuid: string;
  model: { id: string; synthetic: boolean };
  /**
   * The card's links to the model card and HTML report, absolute URLs (signed, so they open without
   * an API key until they expire).
   */
  modelCardUrl: string;
  modelReportUrl: string;
  /** The model card's lasting URL (no signature; API key needed), which a stored RiskAssessment names. */
  modelUrl?: string;
}

/** Markdown-escaped text: emphasis, code, link, HTML and table characters (feature names are full of underscores). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

function summary(text: string): string {
  return text.length <= MAX_SUMMARY_LENGTH ? text : `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…`;
}

const p2 = (p: number) => p.toFixed(2);

function source(ctx: CardContext): CdsCard['source'] {
  return { label: `HER2 radiomics model ${ctx.model.id.slice(0, 12)}`, url: ctx.modelCardUrl, topic: TOPIC };
}

function links(ctx: CardContext): CdsCard['links'] {
  return [
    { label: 'Model card: metrics, intended use, training data', url: ctx.modelCardUrl, type: 'absolute' },
    { label: 'Model report', url: ctx.modelReportUrl, type: 'absolute' },
  ];
}

function bullets(lines: readonly string[], limit = 40): string {
  const shown = lines.slice(0, limit).map((l) => `- ${escapeMarkdown(l)}`);
  if (lines.length > limit) shown.push(`- … and ${lines.length - limit} more`);
  return shown.join('\n');
}

/** The estimate: the likely status in the summary, the three probabilities and warnings in the detail. */
export function predictionCard(
  prediction: PatientPrediction,
  riskAssessment: RiskAssessment,
  ctx: CardContext,
): CdsCard {
  const synthetic = ctx.model.synthetic;
  const prefix = synthetic ? 'SYNTHETIC model, not for care: ' : '';
  const d = prediction.distribution;
  const status = prediction.status;
  const headline =
    status !== null && d !== null
      ? `HER2-${status} likely (p = ${p2(d[status])}): ${NEXT_STEP[status]}`
      : 'HER2 status: this model gives no three-class estimate; see the task probabilities';

  const detail: string[] = [];
  if (d !== null) {
    detail.push('| HER2 status | probability |', '| --- | --- |');
    for (const s of HER2_STATUSES)
      detail.push(
        `| ${s === status ? '**' : ''}${escapeMarkdown(STATUS_DISPLAY[s])}${s === status ? '**' : ''} | ${p2(d[s])} |`,
      );
    detail.push('');
  }
  const tasks = Object.entries(prediction.tasks).map(
    ([name, t]) =>
      `${name}: ${t.probability === null ? `not applicable (${t.notApplicable ?? 'no probability'})` : p2(t.probability)}, ${t.description} (${t.classifier})`,
  );
  detail.push('Task probabilities (calibrated):', bullets(tasks), '');
  const warnings = [
    ...(synthetic ? [SYNTHETIC_WARNING] : []),
    ...(prediction.outOfDistribution
      ? ['Out of distribution: an input lies beyond the range where the model is trusted.']
      : []),
    ...prediction.warnings,
  ];
  if (warnings.length > 0) detail.push('**Warnings**', '', bullets(warnings), '');
  detail.push(RESEARCH_USE);

  const indicator: CdsIndicator =
    synthetic || prediction.outOfDistribution || prediction.warnings.length > 0 ? 'warning' : 'info';
  return {
    uuid: ctx.cardUuid,
    summary: summary(prefix + headline),
    detail: detail.join('\n'),
    indicator,
    source: source(ctx),
    suggestions: [
      {
        label: `Record this estimate as a ${riskAssessment.status} RiskAssessment`,
        uuid: ctx.suggestionUuid,
        actions: [
          {
            type: 'create',
            description:
              'Create a RiskAssessment holding the estimated probabilities of HER2-over, HER2-low and HER2-zero',
            resource: riskAssessment,
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: [...OVERRIDE_REASONS],
    links: links(ctx),
  };
}

/** No estimate: a card that says why, with the details as a list. */
function notEstimatedCard(
  headline: string,
  intro: string,
  lines: readonly string[],
  indicator: CdsIndicator,
  ctx: CardContext,
): CdsCard {
  return {
    uuid: ctx.cardUuid,
    summary: summary(`HER2 status not estimated: ${headline}`),
    detail: [intro, '', bullets(lines), '', RESEARCH_USE].join('\n'),
    indicator,
    source: source(ctx),
    links: links(ctx),
  };
}

/** Required inputs absent from the chart: `missing` are their descriptions (name and code). */
export function missingInputsCard(missing: readonly string[], ctx: CardContext): CdsCard {
  const n = missing.length;
  return notEstimatedCard(
    `${n} required input${n === 1 ? '' : 's'} missing from the chart`,
    'The model needs these Observations of the patient, which the chart does not hold:',
    missing,
    'info',
    ctx,
  );
}

/** Observations that are invalid or contradict each other: `problems` say which and where. */
export function inputProblemsCard(problems: readonly string[], ctx: CardContext): CdsCard {
  const n = problems.length;
  return notEstimatedCard(
    `${n} problem${n === 1 ? '' : 's'} with the patient's Observations`,
    'These Observations cannot be used as they are (wrong code or unit, invalid value, or results that disagree):',
    problems,
    'warning',
    ctx,
  );
}

/** Inputs so far outside the training data that the model is not trusted there. */
export function outOfDistributionCard(
  inputs: readonly OutOfDistributionInput[],
  rejectSds: number,
  ctx: CardContext,
): CdsCard {
  return notEstimatedCard(
    "inputs lie far outside the model's training data",
    `These inputs lie more than ${rejectSds} training SDs outside the range the model was trained on:`,
    inputs.map(
      (i) => `${i.feature} = ${i.value} (training range ${i.trainingRange.min} to ${i.trainingRange.max})`,
    ),
    'warning',
    ctx,
  );
}
