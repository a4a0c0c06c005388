import { describe, expect, it } from 'vitest';
import { registrationOutcome } from '../../src/jobs/registrationOutcome.js';

const note = { modelId: 'm1', synthetic: false, activate: true, reason: 'quality gate passed' };
const stopped = 'the service stopped';

describe('registrationOutcome', () => {
  it('is null when the model never reached the registry', () => {
    expect(registrationOutcome(note, true, false, 'm1', stopped)).toBeNull();
  });

  it('says activated exactly when the active pointer names the model', () => {
    expect(registrationOutcome(note, true, true, 'm1', stopped)).toEqual({
      modelId: 'm1',
      synthetic: false,
      activation: { requested: true, activated: true, reason: 'quality gate passed' },
    });
    const notYet = registrationOutcome(note, true, true, 'm0', stopped);
    expect(notYet?.activation).toEqual({
      requested: true,
      activated: false,
      reason: expect.stringMatching(
        /^the service stopped before the model was activated.*\/v1\/models\/m1\/activate/,
      ),
    });
  });

  it('keeps the planned reason when activation was not planned', () => {
    const gateFailed = { ...note, activate: false, reason: 'quality gate failed: low' };
    expect(registrationOutcome(gateFailed, true, true, 'm0', stopped)?.activation).toEqual({
      requested: true,
      activated: false,
      reason: 'quality gate failed: low',
    });
    // the same content was already active (same inputs, same id): the pointer is the truth
    expect(registrationOutcome(gateFailed, false, true, 'm1', stopped)?.activation).toEqual({
      requested: false,
      activated: true,
      reason: 'the model is the active model',
    });
  });
});
