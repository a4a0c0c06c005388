/**
 * `her2 cohort build`: PyRadiomics batch outputs per modality (and the second reader's and repeat
 * pass's) plus a clinical sheet → a cohort CSV and its inter / intra repeat files, ready for
 * `her2 train`. Reads the files, hands their bytes to the pure builder (src/cohort/pyradiomics/), and
 * writes every output atomically only when all inputs were consistent.
 */
import { readFile } from 'node:fs/promises';
import { parseClinicalMap, EMPTY_CLINICAL_MAP } from '../../cohort/pyradiomics/clinicalMap.js';
import { buildCohort, type ModalityTables, type RepeatKind } from '../../cohort/pyradiomics/buildCohort.js';
import { readDelimitedTable } from '../../cohort/pyradiomics/delimitedTable.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { parseCommandArgs, requireOption, UsageError } from '../args.js';

/** The modalities the cohort format declares by default (src/cohort/columns.ts DEFAULT_MODALITIES). */
const MODALITIES = ['pet', 'ct', 'mri', 'dwi', 'dce'] as const;
const REPEATS: readonly RepeatKind[] = ['inter', 'intra'];

export const COHORT_BUILD_USAGE =
  'her2 cohort build --pet FILE [--ct FILE] [--mri FILE] [--dwi FILE] [--dce FILE] --clinical FILE [--map FILE.yaml] ' +
  '[--inter-pet FILE --inter-ct FILE …] [--intra-pet FILE …] [--allow-mixed-settings] --out FILE ' +
  '[--inter-out FILE] [--intra-out FILE]';

const OPTIONS = {
  ...Object.fromEntries(
    MODALITIES.flatMap((m) => [m, ...REPEATS.map((r) => `${r}-${m}`)]).map((name) => [
      name,
      { type: 'string' as const },
    ]),
  ),
  clinical: { type: 'string' as const },
  map: { type: 'string' as const },
  out: { type: 'string' as const },
  'inter-out': { type: 'string' as const },
  'intra-out': { type: 'string' as const },
  'allow-mixed-settings': { type: 'boolean' as const },
};

async function table(path: string) {
  return readDelimitedTable(await readFile(path), path);
}

/** `cohort.csv` → `cohort-inter.csv`. */
export function repeatPathFor(out: string, kind: RepeatKind): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, `-${kind}.csv`) : `${out}-${kind}.csv`;
}

export async function cohortBuildCommand(argv: string[]): Promise<void> {
  const command = 'cohort build';
  const values = parseCommandArgs(command, argv, OPTIONS) as Record<string, string | boolean | undefined>;
  const clinicalPath = requireOption(command, values, 'clinical');
  const out = requireOption(command, values, 'out');
  const given = MODALITIES.filter((m) => typeof values[m] === 'string');
  if (given.length === 0)
    throw new UsageError(
      `her2 ${command}: give at least one modality's batch output (--pet FILE, --ct FILE, …)`,
    );
  for (const kind of REPEATS) {
    for (const m of MODALITIES) {
      if (values[`${kind}-${m}`] !== undefined && !given.includes(m)) {
        throw new UsageError(`her2 ${command}: --${kind}-${m} given without --${m}`);
      }
    }
    const withRepeat = given.filter((m) => values[`${kind}-${m}`] !== undefined);
    const lacking = given.find((m) => values[`${kind}-${m}`] === undefined);
    // Training compares every feature of the cohort with its repeat, so a repeat covers every modality.
    if (withRepeat.length > 0 && lacking !== undefined) {
      throw new UsageError(
        `her2 ${command}: --${kind}-${lacking} is needed too: --${kind}-${withRepeat[0]} was given, and a repeat file covers every modality`,
      );
    }
  }

  const modalities: ModalityTables[] = [];
  for (const m of given) {
    const repeat = async (kind: RepeatKind) => {
      const path = values[`${kind}-${m}`];
      return typeof path === 'string' ? table(path) : undefined;
    };
    modalities.push({
      modality: m,
      first: await table(values[m] as string),
      inter: await repeat('inter'),
      intra: await repeat('intra'),
    });
  }
  const mapPath = values.map;
  const map =
    typeof mapPath === 'string'
      ? parseClinicalMap(await readFile(mapPath, 'utf8'), mapPath)
      : EMPTY_CLINICAL_MAP;
  const built = buildCohort({
    modalities,
    clinical: await table(clinicalPath),
    map,
    allowMixedSettings: values['allow-mixed-settings'] === true,
  });

  for (const note of built.notes) process.stderr.write(`note: ${note}\n`);
  for (const warning of built.warnings)
    process.stderr.write(`warning: mixed extraction settings allowed: ${warning}\n`);
  const written = [out];
  await writeFileAtomic(out, built.cohortCsv);
  for (const kind of REPEATS) {
    const text = built.repeats[kind];
    if (text === undefined) continue;
    const path = (values[`${kind}-out`] as string | undefined) ?? repeatPathFor(out, kind);
    await writeFileAtomic(path, text);
    written.push(path);
  }
  const versions = Object.entries(built.extraction)
    .map(([m, e]) => `${m} PyRadiomics ${e.versions.PyRadiomics ?? 'unknown'}`)
    .join(', ');
  process.stderr.write(
    `cohort of ${built.patients} patients and ${built.features} features written (${versions})\n`,
  );
  process.stdout.write(`${written.join('\n')}\n`);
}

/** `her2 cohort <subcommand>`: only build for now. */
export async function cohortCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'build')
    throw new UsageError(`her2 cohort: unknown subcommand "${sub ?? ''}" (expected build)`);
  await cohortBuildCommand(rest);
}
