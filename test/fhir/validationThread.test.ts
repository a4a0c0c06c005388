/**
 * The off-thread FHIR validator gives the same issues as validating in place, and while it validates
 * a large Bundle the event loop keeps turning (a setImmediate callback runs before the answer).
 */
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { validationErrors } from '../../src/fhir/validate.js';
import { FhirValidationThread } from '../../src/fhir/validationThread.js';
import { trainBundle } from './fixtures.js';

const validator = new FhirValidationThread();
afterAll(async () => validator.close());

/** Validates and reports whether the event loop turned (a setImmediate ran) before the answer came. */
async function validateAndProbe(value: unknown, inPlaceEntries?: number) {
  const answer = validator.validationErrors(value, inPlaceEntries);
  let turned = false;
  setImmediate(() => (turned = true));
  const issues = await answer;
  return { issues, turned };
}

describe('FhirValidationThread', () => {
  const invalid = trainBundle();
  const late = invalid.entry!.length - 2;
  (invalid.entry![late].resource as Observation & { unknownElement?: number }).unknownElement = 1;

  it('validates a large Bundle in its worker: the same errors as in place, and the event loop turns meanwhile', async () => {
    const { issues, turned } = await validateAndProbe(invalid);
    expect(issues).toEqual(validationErrors(invalid));
    expect(issues.map((i) => i.expression.join(' ')).join(' ')).toContain(`Bundle.entry[${late}]`);
    expect(turned).toBe(true);
    expect((await validateAndProbe(trainBundle())).issues).toEqual([]);
  });

  it('validates a small resource in place (no round trip): the answer comes before the loop turns', async () => {
    const { issues, turned } = await validateAndProbe(invalid, 1_000_000);
    expect(issues).toEqual(validationErrors(invalid));
    expect(turned).toBe(false);
  });

  it('starts a new worker after close', async () => {
    await validator.close();
    expect((await validateAndProbe(invalid)).issues.length).toBeGreaterThan(0);
  });

  it('a closing worker that exits does not fail the requests of the worker that replaced it', async () => {
    const closing = validator.close(); // not awaited: the old worker exits while the new one validates
    const answer = validator.validationErrors(invalid);
    await closing;
    expect(await answer).toEqual(validationErrors(invalid));
  });
});
