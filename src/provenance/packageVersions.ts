/** Versions of this product and of the libraries whose numerics shape a model, for the artifact's provenance. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const NUMERIC_PACKAGES = ['ml-matrix', 'libsvm-js'] as const;

/** Walks up from a package's entry file to its package.json (some packages do not export it). */
function versionOf(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // no package.json here: keep walking up
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}

/** This package's version (package.json). */
export const OWN_VERSION = (require('../../package.json') as { version: string }).version;

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { 'her2-radiomics': OWN_VERSION, node: process.versions.node };
  for (const name of NUMERIC_PACKAGES) versions[name] = versionOf(name);
  return versions;
}
