/**
 * The demo cohort as the in-memory Cohort / RepeatMeasurement contracts, without a CSV round trip
 * (the same values the parser would read back from the written files).
 */
import type { Cohort, RepeatMeasurement } from '../cohort/cohort.js';
import type { DemoCohort } from './generateDemoCohort.js';

export function demoAsCohort(demo: DemoCohort): Cohort {
  const column = (f: (i: number) => number): Float64Array => Float64Array.from(demo.patients, (_, i) => f(i));
  return {
    source: `synthetic demo cohort (seed ${demo.seed})`,
    synthetic: true,
    patientIds: demo.patients.map((p) => p.patientId),
    sites: demo.patients.map((p) => p.site),
    labels: demo.patients.map((p) => p.her2Status),
    sets: demo.patients.map((p) => p.set),
    clinical: {
      er: column((i) => (demo.patients[i].er ? 1 : 0)),
      pr: column((i) => (demo.patients[i].pr ? 1 : 0)),
      ki67: column((i) => demo.patients[i].ki67),
      age: column((i) => demo.patients[i].age),
      suv_max: column((i) => demo.patients[i].suvMax),
      suv_mean: column((i) => demo.patients[i].suvMean),
    },
    featureNames: [...demo.featureNames],
    features: demo.features,
    categoricalNames: [],
    categorical: [],
  };
}

export function demoRepeatMeasurements(demo: DemoCohort): {
  inter: RepeatMeasurement;
  intra: RepeatMeasurement;
} {
  const repeat = (features: Float64Array[], what: string): RepeatMeasurement => ({
    source: `synthetic demo cohort (seed ${demo.seed}), ${what}`,
    patientIds: [...demo.repeat.patientIds],
    featureNames: [...demo.featureNames],
    features,
    categoricalNames: [],
    categorical: [],
  });
  return {
    inter: repeat(demo.repeat.inter, 'reader 2'),
    intra: repeat(demo.repeat.intra, 'reader 1 second pass'),
  };
}
