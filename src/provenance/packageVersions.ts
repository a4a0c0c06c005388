/** Versions of this product and of the libraries whose numerics shape a model, for the artifact's provenance. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const NUMERIC_PACKAGES = ['ml-matrix', 'ml-random-forest', 'ml-cart', 'libsvm-js'] as const;

function versionOf(specifier: string): string {
  try {
    return (require(specifier) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {
    'her2-radiomics': versionOf('../../package.json'),
    node: process.versions.node,
  };
  for (const name of NUMERIC_PACKAGES) versions[name] = versionOf(`${name}/package.json`);
  return versions;
}
