/**
 * An integrator's first hour: types generated from openapi.yaml with openapi-typescript, the README's
 * TypeScript client block compiled against them (strict), and examples/prediction-request.json sent
 * through the compiled client to a running server with the default model. A control compiles the
 * same request against the document with the clinical schema of before (`additionalProperties:
 * {type: number}`), which refused `er: "positive"`: the compile must fail there, so this test can.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadModel } from '../../src/model/loadModel.js';
import { demoTrainingRequest } from '../../src/serviceDependencies.js';
import { trainFromRequest } from '../../src/pipeline/trainFromRequest.js';
import { KEYS, type TestApp, makeTestApp } from '../helpers/testApp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = '<!-- typescript-client-example';

/** The README's TypeScript client block (the first ```ts block after the marker). */
function readmeClientBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error('README has no typescript-client-example marker');
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!match) throw new Error('no ```ts block after the typescript-client-example marker');
  return match[1];
}

async function generateTypes(doc: object): Promise<string> {
  return astToString(await openapiTS(doc as Parameters<typeof openapiTS>[0]));
}

/** Type-checks (strict, NodeNext) and emits `files` of `dir`; returns the diagnostics as text. */
function compile(dir: string, files: string[]): string[] {
  const program = ts.createProgram(
    files.map((f) => join(dir, f)),
    {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      outDir: join(dir, 'out'),
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    },
  );
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const MAIN = (
  example: string,
) => `import { predict, request as abridged, type PredictionRequest } from './client.js';

const example: PredictionRequest = ${example};
const baseUrl = process.env.BASE_URL as string;
const result = await predict(baseUrl, example, process.env.API_KEY);
let refused = '';
try {
  await predict(baseUrl, abridged, process.env.API_KEY);
} catch (error) {
  refused = (error as Error).message;
}
process.stdout.write(JSON.stringify({ result, refused }));
`;

let dir: string;
let t: TestApp;
let baseUrl: string;
let openapi: Record<string, unknown>;
let example: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-client-'));
  openapi = parse(await readFile(join(root, 'openapi.yaml'), 'utf8')) as Record<string, unknown>;
  example = await readFile(join(root, 'examples/prediction-request.json'), 'utf8');
  const artifact = await trainFromRequest(demoTrainingRequest(), () => undefined);
  t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
}, 180_000);

afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a client generated from openapi.yaml', () => {
  it("compiles the README's client block and the example request, and predicts with them on a running server", async () => {
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(join(dir, 'her2-api.d.ts'), await generateTypes(openapi));
    await writeFile(
      join(dir, 'client.ts'),
      readmeClientBlock(await readFile(join(root, 'README.md'), 'utf8')),
    );
    await writeFile(join(dir, 'main.ts'), MAIN(example));
    expect(compile(dir, ['client.ts', 'main.ts'])).toEqual([]);

    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'out/main.js')], {
      env: { ...process.env, BASE_URL: baseUrl, API_KEY: KEYS.predict },
    });
    const { result, refused } = JSON.parse(stdout) as {
      result: {
        model: { synthetic: boolean };
        predictions: { id: string; status: string; distribution: Record<string, number> }[];
      };
      refused: string;
    };
    const sent = JSON.parse(example) as { patients: { id: string }[] };
    expect(result.model.synthetic).toBe(true);
    expect(result.predictions.map((p) => p.id)).toEqual(sent.patients.map((p) => p.id));
    for (const p of result.predictions) {
      expect(['over', 'low', 'zero']).toContain(p.status);
      const total = Object.values(p.distribution).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 9);
    }
    // the README's abridged request lacks inputs: the client surfaces the problem's type and detail
    expect(refused).toMatch(/^422 https:\/\/her2\.example\/problems\/missing-inputs: .*inst2-005/);
  });

  it('did not compile with the clinical schema of before, which refused er: "positive"', async () => {
    const before = structuredClone(openapi) as {
      paths: Record<
        string,
        Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const schema = before.paths['/v1/predictions'].post.requestBody.content['application/json'].schema as {
      properties: { patients: { items: { properties: { clinical: Record<string, unknown> } } } };
    };
    const clinical = schema.properties.patients.items.properties.clinical;
    clinical.properties = { er: clinical.properties && (clinical.properties as { er: unknown }).er };
    clinical.additionalProperties = { type: 'number' };
    const controlDir = join(dir, 'before');
    await mkdir(controlDir, { recursive: true });
    await writeFile(join(controlDir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(join(controlDir, 'her2-api.d.ts'), await generateTypes(before));
    await writeFile(
      join(controlDir, 'request.ts'),
      `import type { paths } from './her2-api.js';\n` +
        `type Body = paths['/v1/predictions']['post']['requestBody']['content']['application/json'];\n` +
        `export const example: Body = ${example};\n`,
    );
    const errors = compile(controlDir, ['request.ts']);
    expect(errors.join('\n')).toMatch(/'string' is not assignable to type 'number'/);
  });
});
