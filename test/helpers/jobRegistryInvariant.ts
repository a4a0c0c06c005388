/**
 * The invariant a crash must not break (issue 9, fault 4), as a checker shared by the crash-point test
 * and bench:crash: every model a job registered is linked to that job, every linked model is
 * registered, no job is left queued or running after a restart, and the recorded activations agree
 * with the active pointer. No admin activates models meanwhile, so the active model must be the one
 * of the last job that recorded "activated" (or the model active before any job, when none did).
 * Returns the violations in words; [] means consistent.
 */
export interface JobFacts {
  id: string;
  state: string;
  modelId: string | null;
  activated: boolean;
  finishedAt?: string;
}

export interface RegistryFacts {
  /** Every registered model id. */
  models: string[];
  activeId: string | null;
  /** Models that no job produced (the initial or bootstrap model). */
  notFromJobs: string[];
  /** The active model before any job ran. */
  initialActiveId: string | null;
}

export function jobRegistryViolations(jobs: JobFacts[], reg: RegistryFacts): string[] {
  const out: string[] = [];
  const registered = new Set(reg.models);
  const linked = new Map(jobs.filter((j) => j.modelId).map((j) => [j.modelId as string, j]));
  for (const j of jobs) {
    if (j.state === 'queued' || j.state === 'running') out.push(`job ${j.id} is still ${j.state}`);
    if (j.modelId && j.state !== 'succeeded')
      out.push(`job ${j.id} is ${j.state} but names model ${j.modelId}`);
    if (j.state === 'succeeded' && !j.modelId) out.push(`job ${j.id} succeeded without a model`);
    if (j.modelId && !registered.has(j.modelId))
      out.push(`job ${j.id} names unregistered model ${j.modelId}`);
    if (j.activated && !j.modelId) out.push(`job ${j.id} says activated but names no model`);
  }
  for (const id of reg.models) {
    if (!reg.notFromJobs.includes(id) && !linked.has(id)) out.push(`model ${id} is linked to no job`);
  }
  const lastActivated = jobs
    .filter((j) => j.activated && j.modelId)
    .sort((a, b) => ((a.finishedAt ?? '') < (b.finishedAt ?? '') ? -1 : 1))
    .pop();
  const expected = lastActivated ? lastActivated.modelId : reg.initialActiveId;
  if (expected !== reg.activeId) {
    const who = lastActivated ? `job ${lastActivated.id}'s model` : 'the initial model';
    out.push(`the active pointer names ${reg.activeId}, but the job records say ${who} ${expected}`);
  }
  return out;
}
