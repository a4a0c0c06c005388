import { describe, expect, it } from 'vitest';
import { withOpenApi30Bounds } from '../../src/plugins/openApi30Bounds.js';
import { defaultOperationId } from '../../src/plugins/swagger.js';

describe('withOpenApi30Bounds', () => {
  it("rewrites draft-7 numeric exclusive bounds into OpenAPI 3.0's boolean form, at any depth", () => {
    const doc = {
      a: { type: 'number', exclusiveMinimum: 0 },
      list: [{ exclusiveMaximum: 5, minimum: -1 }],
      untouched: { minimum: 2, exclusiveMinimum: true },
    };
    expect(withOpenApi30Bounds(doc)).toEqual({
      a: { type: 'number', minimum: 0, exclusiveMinimum: true },
      list: [{ minimum: -1, maximum: 5, exclusiveMaximum: true }],
      untouched: { minimum: 2, exclusiveMinimum: true },
    });
    expect(doc.a).toEqual({ type: 'number', exclusiveMinimum: 0 }); // the input is not changed
  });
});

describe('defaultOperationId', () => {
  it('builds a camel-case id from the method and the path, parameters as By<Name>', () => {
    expect(defaultOperationId('GET', '/v1/models/:id/report')).toBe('getV1ModelsByIdReport');
    expect(defaultOperationId(['POST', 'PUT'], '/v1/training-jobs')).toBe('postV1TrainingJobs');
  });
});
