import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_TRAINING_CONFIG, parseTrainingConfig } from '../../src/pipeline/config.js';

/** The error parseTrainingConfig throws for an input (fails the test if it does not throw). */
function configError(input: unknown): ConfigError {
  try {
    parseTrainingConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`parseTrainingConfig accepted ${JSON.stringify(input)}`);
}

describe('default training config = Hou et al. 2025', () => {
  const config = parseTrainingConfig(undefined);

  it('ICC > 0.75 reliability filter, 7:3 split, t-test p < 0.05', () => {
    expect(config.iccThreshold).toBe(0.75);
    expect(config.trainFraction).toBe(0.7);
    expect(config.pThreshold).toBe(0.05);
  });

  it('the four classifiers LR, KNN, SVM, RF and the clinical inputs ER + PR', () => {
    expect(config.classifiers).toEqual(['lr', 'knn', 'svm', 'rf']);
    expect(config.clinical).toEqual(['er', 'pr']);
  });

  it('the published split is used when given, the best model is chosen on internal validation, missing values are rejected', () => {
    expect(config.split).toBe('column');
    expect(config.selectBestBy).toBe('validation');
    expect(config.externalSites).toEqual([]);
    expect(config.missing).toBe('reject');
    expect(config.cvFolds).toBe(5);
  });

  it('null and {} give the same defaults as undefined', () => {
    expect(parseTrainingConfig(null)).toEqual(config);
    expect(parseTrainingConfig({})).toEqual(config);
  });
});

describe('overrides', () => {
  it('a partial config is merged over the defaults', () => {
    const config = parseTrainingConfig({
      iccThreshold: 0.9,
      classifiers: ['rf', 'lr'],
      externalSites: ['B'],
    });
    expect(config.iccThreshold).toBe(0.9);
    expect(config.classifiers).toEqual(['rf', 'lr']);
    expect(config.externalSites).toEqual(['B']);
    expect(config.pThreshold).toBe(0.05);
    expect(config.trainFraction).toBe(0.7);
  });

  it('the returned arrays are not the defaults’ arrays (mutating a parsed config leaves the defaults alone)', () => {
    const config = parseTrainingConfig({});
    config.classifiers.pop();
    config.clinical.push('age');
    config.externalSites.push('X');
    expect(DEFAULT_TRAINING_CONFIG.classifiers).toEqual(['lr', 'knn', 'svm', 'rf']);
    expect(DEFAULT_TRAINING_CONFIG.clinical).toEqual(['er', 'pr']);
    expect(DEFAULT_TRAINING_CONFIG.externalSites).toEqual([]);
    expect(parseTrainingConfig({}).classifiers).toEqual(['lr', 'knn', 'svm', 'rf']);
  });

  it('a caller’s array is copied, not kept', () => {
    const sites = ['B'];
    const config = parseTrainingConfig({ externalSites: sites });
    sites.push('C');
    expect(config.externalSites).toEqual(['B']);
  });
});

describe('invalid configs name the field', () => {
  it('an unknown option', () => {
    const error = configError({ iccThreshhold: 0.8 });
    expect(error.field).toBe('iccThreshhold');
    expect(error.message).toContain('"iccThreshhold"');
    expect(error.message).toContain('unknown option');
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'an option named like an Object.prototype member (%s) is unknown, not silently accepted',
    (name) => {
      const error = configError({ [name]: 1 });
      expect(error.field).toBe(name);
      expect(error.message).toContain('unknown option');
    },
  );

  it('a JSON "__proto__" key is an unknown option', () => {
    const error = configError(JSON.parse('{"__proto__": {"iccThreshold": 0.1}}'));
    expect(error.field).toBe('__proto__');
  });

  it.each([
    ['iccThreshold', 1.5],
    ['iccThreshold', -0.1],
    ['iccThreshold', '0.75'],
    ['iccThreshold', Number.NaN],
    ['trainFraction', 1],
    ['trainFraction', 0],
    ['pThreshold', 2],
    ['mrmrK', 2.5],
    ['mrmrK', 0],
    ['mrmrCriterion', 'MAX'],
    ['mrmrBins', 1],
    ['split', 'stratified'],
    ['externalSites', 'institution2'],
    ['externalSites', [1]],
    ['externalSites', ['a', 'a']],
    ['clinical', ['er', 'her2']],
    ['heterogeneityIndex', 'yes'],
    ['classifiers', []],
    ['classifiers', ['lr', 'xgboost']],
    ['classifiers', ['lr', 'lr']],
    ['cvFolds', 1],
    ['cvFolds', 3.5],
    ['calibration', 'beta'],
    ['selectBestBy', 'test'],
    ['missing', 'drop'],
    ['calibrationBins', 100],
  ] as [string, unknown][])('%s = %j', (field, value) => {
    const error = configError({ [field]: value });
    expect(error.field).toBe(field);
    expect(error.message).toContain(`"${field}"`);
  });

  it('names the offending value of a list', () => {
    expect(configError({ classifiers: ['lr', 'xgboost'] }).message).toContain('"xgboost"');
  });

  it.each([[[1, 2]], ['{}'], [42]])('a root that is not an object (%j)', (input) => {
    expect(configError(input).field).toBe('(root)');
  });
});
