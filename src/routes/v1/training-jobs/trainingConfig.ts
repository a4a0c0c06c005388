/**
 * The training configuration of a submission, checked as the trainer will check it (seed, then the
 * pipeline options): a bad one is a 400 naming the field now, not a failed job later, and nothing is
 * queued. This also keeps arbitrary objects out of job records: a config nested 50,000 levels deep
 * overflowed the stack when its record was copied (a 500; found by test/fuzz/hostileInput.test.ts).
 */
import { ConfigError, parseTrainingConfig } from '../../../pipeline/config.js';
import { splitSeed } from '../../../pipeline/trainFromRequest.js';
import { HttpError } from '../../../plugins/errors.js';

export function checkTrainingConfig(config: Record<string, unknown>): void {
  try {
    parseTrainingConfig(splitSeed(config).options);
  } catch (e) {
    if (e instanceof ConfigError) throw new HttpError(400, e.message);
    throw e;
  }
}
