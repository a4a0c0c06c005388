/**
 * Input files of queued training jobs in PostgreSQL, so the replica that runs a job can read what
 * another replica received. A file is held in memory once, while it is written (a multipart upload is
 * bounded by trainingBodyLimit), then stored as bytes.
 */
import type { Pool } from 'pg';
import type { FileContent } from '../io/fsLayer.js';
import type { JobSpool, SpoolFile } from './jobSpool.js';

async function bytesOf(content: FileContent): Promise<Buffer> {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (content instanceof Uint8Array) return Buffer.from(content);
  const chunks: Uint8Array[] = [];
  for await (const c of content) chunks.push(c);
  return Buffer.concat(chunks);
}

export class PostgresJobSpool implements JobSpool {
  constructor(private readonly pool: Pool) {}

  async write(jobId: string, file: SpoolFile, content: FileContent): Promise<void> {
    await this.pool.query(
      `INSERT INTO training_job_inputs (job_id, file, content) VALUES ($1, $2, $3)
       ON CONFLICT (job_id, file) DO UPDATE SET content = EXCLUDED.content`,
      [jobId, file, await bytesOf(content)],
    );
  }

  async read(jobId: string, file: SpoolFile): Promise<string> {
    const { rows } = await this.pool.query<{ content: Buffer }>(
      'SELECT content FROM training_job_inputs WHERE job_id = $1 AND file = $2',
      [jobId, file],
    );
    if (!rows[0]) throw new Error(`no spooled ${file} file for job ${jobId}`);
    return rows[0].content.toString('utf8');
  }

  async remove(jobId: string): Promise<void> {
    await this.pool.query('DELETE FROM training_job_inputs WHERE job_id = $1', [jobId]);
  }

  async clear(): Promise<void> {
    await this.pool.query('DELETE FROM training_job_inputs');
  }
}
