/**
 * Where the input files of queued training jobs wait, so a queue of large cohorts costs disk, not
 * memory: <dir>/<job id>/<cohort|inter|intra>.csv, each written atomically through the fs layer (an
 * upload is streamed into its file as it arrives). A job's folder is removed when the job ends, and
 * the whole spool when the service starts (no job survives a restart: they are recorded interrupted).
 */
import { join } from 'node:path';
import { type FileContent, type FsLayer, nodeFs, writeAtomic } from '../io/fsLayer.js';

/** The spool's folder inside the job-record directory (models/jobs/spool by default). */
export const JOB_SPOOL_DIR = 'spool';

export const SPOOL_FILES = ['cohort', 'inter', 'intra'] as const;
export type SpoolFile = (typeof SPOOL_FILES)[number];

const JOB_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export interface JobSpool {
  write(jobId: string, file: SpoolFile, content: FileContent): Promise<void>;
  read(jobId: string, file: SpoolFile): Promise<string>;
  /** Forget a job's files (no error when there are none). */
  remove(jobId: string): Promise<void>;
  /** Forget every job's files. */
  clear(): Promise<void>;
}

export class DirectoryJobSpool implements JobSpool {
  private constructor(
    readonly dir: string,
    private readonly fs: FsLayer,
  ) {}

  static async open(dir: string, fs: FsLayer = nodeFs): Promise<DirectoryJobSpool> {
    await fs.mkdir(dir);
    return new DirectoryJobSpool(dir, fs);
  }

  private jobDir(jobId: string): string {
    if (!JOB_ID_RE.test(jobId)) throw new Error(`invalid job id ${jobId}`);
    return join(this.dir, jobId);
  }

  async write(jobId: string, file: SpoolFile, content: FileContent): Promise<void> {
    const dir = this.jobDir(jobId);
    await this.fs.mkdir(dir);
    await writeAtomic(this.fs, join(dir, `${file}.csv`), content);
  }

  read(jobId: string, file: SpoolFile): Promise<string> {
    return this.fs.readFile(join(this.jobDir(jobId), `${file}.csv`));
  }

  remove(jobId: string): Promise<void> {
    return this.fs.removeDir(this.jobDir(jobId));
  }

  async clear(): Promise<void> {
    for (const name of await this.fs.readdir(this.dir)) await this.fs.removeDir(join(this.dir, name));
  }
}

/** Keeps the files in memory: only for tests and the OpenAPI generator, which queue nothing large. */
export class MemoryJobSpool implements JobSpool {
  readonly files = new Map<string, string>();

  async write(jobId: string, file: SpoolFile, content: FileContent): Promise<void> {
    let text: string;
    if (typeof content === 'string') text = content;
    else if (content instanceof Uint8Array) text = Buffer.from(content).toString('utf8');
    else {
      const chunks: Uint8Array[] = [];
      for await (const c of content) chunks.push(c);
      text = Buffer.concat(chunks).toString('utf8');
    }
    this.files.set(`${jobId}/${file}`, text);
  }

  async read(jobId: string, file: SpoolFile): Promise<string> {
    const text = this.files.get(`${jobId}/${file}`);
    if (text === undefined) throw new Error(`no spooled ${file} file for job ${jobId}`);
    return text;
  }

  async remove(jobId: string): Promise<void> {
    for (const k of [...this.files.keys()]) if (k.startsWith(`${jobId}/`)) this.files.delete(k);
  }

  async clear(): Promise<void> {
    this.files.clear();
  }
}
