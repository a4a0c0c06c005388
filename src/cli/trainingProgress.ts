/**
 * Training progress on stderr: on a terminal a progress bar with the stage, elapsed time and ETA
 * (cli-progress), redrawn in place; anywhere else (a log file, CI, a pipe) one plain line per stage,
 * `[ 40%] stage`, which a log keeps readable.
 */
import cliProgress from 'cli-progress';
import { progressText } from './args.js';

/** The part of a write stream progress needs (process.stderr, or a test's fake). */
export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface TrainingProgress {
  update(stage: string, percent: number): void;
  /** Ends the bar (its timer holds the process open until then): call it in a finally. */
  stop(): void;
}

export const BAR_FORMAT =
  'training [{bar}] {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted} | {stage}';

export function trainingProgress(stream: ProgressStream): TrainingProgress {
  if (stream.isTTY !== true) {
    return {
      update: (stage, percent) => void stream.write(progressText(stage, percent)),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: BAR_FORMAT,
      hideCursor: true,
      clearOnComplete: false,
      // Training holds the main thread for seconds at a time, so the bar's redraw timer seldom
      // fires: every update redraws at once instead (render below).
      synchronousUpdate: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(stage, percent) {
      if (!started) {
        bar.start(100, percent, { stage });
        started = true;
      } else bar.update(percent, { stage });
      bar.render();
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
