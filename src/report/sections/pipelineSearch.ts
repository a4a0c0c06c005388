/**
 * The pipeline search (preset `search`), per task: what it chose and why (inner CV AUC), its
 * honest nested CV AUC, the search's choice beside the paper's pipeline on every set with the paired
 * DeLong test between them, and the candidates it tried. Absent for a model trained with hou2025.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import type { TaskSearch } from '../../model/searchArtifact.js';
import { presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, formatAucWithCi, formatFixed, formatPValue } from '../format.js';
import { classifierLabel, setLabel } from '../labels.js';

/** Candidates listed per task; the rest are counted. */
const SHOWN_CANDIDATES = 15;

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;

function taskSection(artifact: ModelArtifact, name: string, search: TaskSearch): string {
  const task = taskOf(artifact, name)!;
  const paper = task.models[task.best];
  const paperLabel = `paper: ${task.selection.kind} + ${classifierLabel(task.best)} (picked by ${search.paper.rule} AUC)`;
  const comparison = new Map(search.comparisons.map((c) => [c.set, c]));
  const setRows = (['training', 'validation', 'external'] as const).map((set) => {
    const ours = search.metrics[set];
    const theirs = paper?.metrics[set];
    const c = comparison.get(set);
    const oursText =
      set === 'training'
        ? `nested CV ${formatAuc(search.nestedCvAuc)} (inner ${formatAuc(search.innerCvAuc)})`
        : formatAucWithCi(ours?.auc, ours?.ci95);
    const theirsText =
      set === 'training' ? `CV ${formatAuc(paper?.cvAuc)}` : formatAucWithCi(theirs?.auc, theirs?.ci95);
    return (
      `<tr><th scope="row">${escapeHtml(setLabel(set))}</th>${cell(oursText)}${cell(theirsText)}` +
      `${cell(c ? formatFixed(c.aucDifference, 3) : '–')}${cell(c ? formatFixed(c.z, 2) : '–')}` +
      `${cell(c ? formatPValue(c.pValue) : '–')}</tr>`
    );
  });
  const shown = search.candidates.slice(0, SHOWN_CANDIDATES);
  const candidateRows = shown.map(
    (c, r) => `<tr><td>${r + 1}</td>${cell(c.label)}${cell(formatAuc(c.cvAuc))}</tr>`,
  );
  const more = search.candidates.length - shown.length;
  return (
    `<h3>${escapeHtml(taskTitle(artifact, name))}</h3>` +
    `<p>Served: <strong>${escapeHtml(search.chosen)}</strong> (${search.choice === 'ensemble' ? 'the top-N ensemble had the higher inner CV AUC' : 'the best single pipeline by inner CV AUC'}; ` +
    `ensemble of the top ${search.ensembleSize} ${formatAuc(search.ensembleCvAuc)}). Beside it: ${escapeHtml(paperLabel)}. ` +
    `Nested CV per outer fold: ${escapeHtml(search.nestedFolds.map((f) => `${formatAuc(f.auc)} (${f.chosen})`).join('; '))}.</p>` +
    `<div class="table-wrap"><table class="search-vs-paper">` +
    `<caption>AUC (95% DeLong CI) of the search's choice and the paper's pipeline; ΔAUC = search − paper, paired DeLong test.</caption>` +
    `<thead><tr><th scope="col">Set</th><th scope="col">Search</th><th scope="col">Paper</th>` +
    `<th scope="col">ΔAUC</th><th scope="col">z</th><th scope="col">p</th></tr></thead>` +
    `<tbody>${setRows.join('')}</tbody></table></div>` +
    `<div class="table-wrap"><table class="search-candidates">` +
    `<caption>Pipelines tried (${search.candidates.length} of budget ${search.budget}), best inner CV AUC first${more > 0 ? `; ${more} more not shown` : ''}.</caption>` +
    `<thead><tr><th scope="col">Rank</th><th scope="col">Pipeline</th><th scope="col">Inner CV AUC</th></tr></thead>` +
    `<tbody>${candidateRows.join('')}</tbody></table></div>`
  );
}

export function renderPipelineSearch(artifact: ModelArtifact): string {
  const parts = presentTasks(artifact).flatMap((name) => {
    const search = taskOf(artifact, name)?.search;
    return search ? [taskSection(artifact, name, search)] : [];
  });
  if (parts.length === 0) return '';
  return (
    `<section id="pipeline-search" aria-labelledby="pipeline-search-heading">` +
    `<h2 id="pipeline-search-heading">Pipeline search</h2>` +
    `<p>Preset <code>search</code>: per task, selector × size × classifier × hyperparameters scored by stratified CV AUC on training rows, ` +
    `the search rerun inside each outer fold for the nested estimate. The search chooses by inner CV; the paper's rule picks by validation AUC. ` +
    `Validation and external rows only evaluate the choices.</p>` +
    `${parts.join('')}</section>`
  );
}
