import { describe, expect, it } from 'vitest';
import { expectedParentPid } from '../../src/jobs/parentWatchdog.js';

describe('expectedParentPid', () => {
  it('is the pid the parent passed as the first argument', () => {
    expect(expectedParentPid(['node', 'entry.js', '4242'])).toBe(4242);
  });

  it('falls back to the current parent without a usable argument', () => {
    expect(expectedParentPid(['node', 'entry.js'])).toBe(process.ppid);
    expect(expectedParentPid(['node', 'entry.js', 'x'])).toBe(process.ppid);
    expect(expectedParentPid(['node', 'entry.js', '1'])).toBe(process.ppid); // init: already orphaned
  });
});
