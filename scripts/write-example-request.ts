/**
 * npm run example:write — writes examples/prediction-request.json: two SYNTHETIC demo patients
 * (external site) carrying exactly the inputs the default model (demo cohort, default config and
 * seed) needs. The README's curl example posts it; a test checks it still fits the default model.
 */
import { writeFileAtomic } from '../src/io/atomicWrite.js';
import { demoTrainingRequest } from '../src/serviceDependencies.js';
import { exampleRequestFor } from '../src/model/exampleRequest.js';
import { trainFromRequest } from '../src/pipeline/trainFromRequest.js';

const artifact = await trainFromRequest(demoTrainingRequest(), () => undefined);
const request = exampleRequestFor(artifact, demoTrainingRequest().cohortCsv, ['inst2-005', 'inst2-001']);
await writeFileAtomic('examples/prediction-request.json', `${JSON.stringify(request, null, 2)}\n`);
console.log(`examples/prediction-request.json written for model ${artifact.id}`);
