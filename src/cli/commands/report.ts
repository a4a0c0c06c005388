import { readArtifactFile } from '../../model/readArtifact.js';
import { writeReport } from '../../report/writeReport.js';
import { parseCommandArgs, requireOption } from '../args.js';

export const REPORT_USAGE = 'her2 report --model FILE --out FILE.html';

export async function reportCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('report', argv, { model: { type: 'string' }, out: { type: 'string' } });
  const artifact = await readArtifactFile(requireOption('report', values, 'model'));
  const written = await writeReport(artifact, requireOption('report', values, 'out'));
  process.stdout.write(`${written.htmlPath}\n${written.markdownPath}\n`);
}
