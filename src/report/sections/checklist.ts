/**
 * A reporting checklist after TRIPOD+AI (Collins et al., BMJ 2024) and CLEAR (Kocak et al., Insights
 * Imaging 2023): every item the software knows is filled from the artifact; the rest are listed as
 * the author's to complete, so a reader sees what is still owed rather than an incomplete list
 * that looks complete. Items are grouped by topic, not numbered, because both guidelines number
 * them differently.
 */
import { HER2_STATUSES } from '../../cohort/cohort.js';
import type { ModelArtifact } from '../../model/artifact.js';
import { metricsOf, presentClassifiers, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAucWithCi, formatFixed, isFiniteNumber } from '../format.js';
import { classifierLabel, classLabel, REPORT_SETS, setLabel } from '../labels.js';

export interface ChecklistItem {
  topic: string;
  /** What the software filled in; null: the author's to complete. */
  filled: string | null;
  /** For the author's items: what to report. */
  ask?: string;
}

function configValue(artifact: ModelArtifact, key: string): unknown {
  return artifact.provenance?.config?.[key];
}

function classBalance(artifact: ModelArtifact): string {
  const summary = artifact.cohortSummary ?? ({} as ModelArtifact['cohortSummary']);
  return REPORT_SETS.filter((s) => HER2_STATUSES.some((c) => (summary[s]?.[c]?.n ?? 0) > 0))
    .map((s) => {
      const counts = HER2_STATUSES.map((c) => `${classLabel(c)} ${summary[s]?.[c]?.n ?? 0}`);
      return `${setLabel(s)}: ${counts.join(', ')}`;
    })
    .join('; ');
}

function featureReduction(artifact: ModelArtifact): string {
  const r = artifact.provenance?.reliability;
  const reliability = r
    ? `reliability filter kept ${r.kept} of ${r.total} features (ICC > ${formatFixed(r.iccThreshold, 2)}${
        r.interSource || r.intraSource
          ? ''
          : '; no repeat segmentations were supplied, so the filter was skipped'
      })`
    : 'no reliability filter recorded';
  const perTask = presentTasks(artifact).map((name) => {
    const t = taskOf(artifact, name)!;
    const passed = t.selection?.passedFilter;
    return (
      `${taskTitle(artifact, name)}: ${t.selection?.kind ?? '–'} chose ${t.selectedFeatures?.length ?? 0} of ` +
      `${t.selection?.candidates ?? '–'} candidates${isFiniteNumber(passed) ? ` (${passed} passed the univariate filter)` : ''}`
    );
  });
  return [reliability, ...perTask].join('; ');
}

function modelSelection(artifact: ModelArtifact): string {
  const classifiers = [
    ...new Set(presentTasks(artifact).flatMap((n) => presentClassifiers(taskOf(artifact, n)!))),
  ].map(classifierLabel);
  const best = presentTasks(artifact)
    .map((n) => `${taskTitle(artifact, n)}: ${classifierLabel(taskOf(artifact, n)!.best)}`)
    .join('; ');
  return (
    `${classifiers.join(', ')} tuned by stratified ${String(configValue(artifact, 'cvFolds') ?? '–')}-fold CV AUC on training rows; ` +
    `best per task by ${configValue(artifact, 'selectBestBy') === 'cv' ? 'CV AUC' : 'internal-validation AUC'} (${best})`
  );
}

function metricsWithUncertainty(artifact: ModelArtifact): string {
  return presentTasks(artifact)
    .map((name) => {
      const t = taskOf(artifact, name)!;
      const sets = REPORT_SETS.filter((s) => s !== 'training' && metricsOf(t, t.best, s)).map((s) => {
        const m = metricsOf(t, t.best, s)!;
        return `${setLabel(s)} AUC ${formatAucWithCi(m.auc, m.ci95)}`;
      });
      return `${taskTitle(artifact, name)} (${classifierLabel(t.best)}): ${sets.join(', ') || '–'}`;
    })
    .join('; ');
}

function calibration(artifact: ModelArtifact): string {
  const fits = presentTasks(artifact).map((name) => {
    const t = taskOf(artifact, name)!;
    const s = REPORT_SETS.filter((set) => set !== 'training' && metricsOf(t, t.best, set)).pop();
    const m = s ? metricsOf(t, t.best, s) : undefined;
    return m
      ? `${taskTitle(artifact, name)} on ${setLabel(s!)}: intercept ${formatFixed(m.calibrationIntercept, 2)}, slope ${formatFixed(m.calibrationSlope, 2)}, ECE ${formatFixed(m.ece, 3)}`
      : `${taskTitle(artifact, name)}: –`;
  });
  return `probabilities recalibrated by ${String(configValue(artifact, 'calibration') ?? '–')} (cross-validated on training rows); ${fits.join('; ')}`;
}

/** Every checklist item, filled from the artifact where the software knows the answer. */
export function checklistItems(artifact: ModelArtifact): ChecklistItem[] {
  const p = artifact.provenance;
  const versions = Object.entries(p?.packageVersions ?? {})
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const missing =
    artifact.input?.missing?.policy === 'median'
      ? 'median imputation fitted on training rows'
      : 'rows with missing values rejected (complete-case data)';
  const sites = p?.externalSites ?? [];
  return [
    {
      topic: 'Data source',
      filled: `${p?.cohortSource ?? '–'} (sha256 ${p?.cohortSha256 ?? '–'})${artifact.synthetic ? '; SYNTHETIC data' : ''}`,
    },
    {
      topic: 'Data splits',
      filled:
        `${String(configValue(artifact, 'splitMethod') ?? configValue(artifact, 'split') ?? '–')} split, training fraction ${String(configValue(artifact, 'trainFraction') ?? '–')}, seed ${p?.seed ?? '–'}; ` +
        `external validation: ${sites.length > 0 ? sites.join(', ') : 'none'}`,
    },
    { topic: 'Missing data', filled: missing },
    { topic: 'Class balance', filled: classBalance(artifact) },
    { topic: 'Feature reduction (incl. segmentation reliability)', filled: featureReduction(artifact) },
    { topic: 'Model selection and hyperparameter tuning', filled: modelSelection(artifact) },
    {
      topic: 'Performance metrics with uncertainty',
      filled: `DeLong 95% CIs. ${metricsWithUncertainty(artifact)}`,
    },
    { topic: 'Calibration', filled: calibration(artifact) },
    {
      // Not "Site harmonisation": that phrase marks a harmonised model's provenance row.
      topic: 'Correction of scanner / site effects',
      filled: artifact.input?.harmonization
        ? `ComBat on ${artifact.input.harmonization.batches.join(', ')}`
        : 'none: features used as extracted',
    },
    { topic: 'Software and versions', filled: versions || '–' },
    {
      topic: 'Study design, setting and dates',
      filled: null,
      ask: 'retrospective/prospective, centres, recruitment period',
    },
    {
      topic: 'Eligibility criteria and participant flow',
      filled: null,
      ask: 'inclusion/exclusion criteria and a flow diagram',
    },
    {
      topic: 'Outcome definition',
      filled: null,
      ask: 'IHC/ISH protocol, scoring guideline, blinding of pathologists to imaging',
    },
    {
      topic: 'Image acquisition and reconstruction',
      filled: null,
      ask: 'scanners, protocols, reconstruction, uptake time',
    },
    { topic: 'Segmentation', filled: null, ask: 'method, software, readers and their experience' },
    {
      topic: 'Sample size justification',
      filled: null,
      ask: 'how the number of patients and events was judged adequate',
    },
    { topic: 'Fairness and subgroups', filled: null, ask: 'performance across relevant patient groups' },
    { topic: 'Ethics approval and consent', filled: null, ask: 'approving body and consent procedure' },
    {
      topic: 'Data and code availability',
      filled: null,
      ask: 'where data, code and the model artifact can be obtained',
    },
    {
      topic: 'Funding and conflicts of interest',
      filled: null,
      ask: 'sources of funding and declared interests',
    },
    {
      topic: 'Limitations and clinical interpretation',
      filled: null,
      ask: 'what the results mean for the intended use',
    },
  ];
}

export function renderChecklist(artifact: ModelArtifact): string {
  const items = checklistItems(artifact);
  const rows = items.map(
    (item) =>
      `<tr class="${item.filled === null ? 'author' : 'filled'}"><th scope="row">${escapeHtml(item.topic)}</th>` +
      `<td>${item.filled === null ? 'Author to complete' : 'Filled from the artifact'}</td>` +
      `<td>${escapeHtml(item.filled ?? item.ask ?? '')}</td></tr>`,
  );
  const filled = items.filter((i) => i.filled !== null).length;
  return (
    `<section id="checklist" aria-labelledby="checklist-heading">` +
    `<h2 id="checklist-heading">Reporting checklist (TRIPOD+AI / CLEAR)</h2>` +
    `<p>${filled} of ${items.length} topics filled from the model artifact; the other ${items.length - filled} are the author's to complete.</p>` +
    `<div class="table-wrap"><table class="checklist"><thead><tr><th scope="col">Topic</th><th scope="col">Status</th><th scope="col">Content</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    `</section>`
  );
}
