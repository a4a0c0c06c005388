/** Training progress: plain lines when stderr is not a terminal, a redrawn bar with elapsed time and ETA when it is. */
import { describe, expect, it } from 'vitest';
import { type ProgressStream, trainingProgress } from '../../src/cli/trainingProgress.js';

function fakeStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 160,
    write(text: string) {
      chunks.push(String(text));
      return true;
    },
    text: () => chunks.join(''),
  };
}

function runStages(stream: ProgressStream): void {
  const progress = trainingProgress(stream);
  try {
    progress.update('reading cohort', 0);
    progress.update('task over: classifiers', 50);
    progress.update('done', 100);
  } finally {
    progress.stop();
  }
}

describe('trainingProgress', () => {
  it('writes one plain line per stage when the stream is not a terminal', () => {
    const stream = fakeStream(false);
    runStages(stream);
    expect(stream.text()).toBe('[  0%] reading cohort\n[ 50%] task over: classifiers\n[100%] done\n');
  });

  it('draws a bar with percentage, elapsed time, ETA and stage on a terminal, in place, and restores the cursor', () => {
    const stream = fakeStream(true);
    runStages(stream);
    const out = stream.text();
    expect(out).not.toContain('[ 50%]');
    for (const [percent, stage] of [
      [0, 'reading cohort'],
      [50, 'task over: classifiers'],
      [100, 'done'],
    ])
      expect(out).toMatch(
        new RegExp(`training \\[[^\\]]*\\] ${percent}% \\| elapsed \\S+ \\| ETA \\S+ \\| ${stage}`),
      );
    // redrawn in place: the bar's lines are separated by carriage-return cursor moves, not newlines
    expect(out.split('\n').filter((l) => l.includes('training ['))).toHaveLength(1);
    expect(out).toContain('\x1B[?25l'); // cursor hidden while drawing
    expect(out.endsWith('\n')).toBe(true);
    expect(out).toContain('\x1B[?25h'); // and shown again
  });

  it('writes nothing on stop when no stage was reported', () => {
    const stream = fakeStream(true);
    trainingProgress(stream).stop();
    expect(stream.text()).toBe('');
  });
});
