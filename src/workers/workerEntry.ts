/**
 * The URL a worker_threads Worker is started from: the compiled .js in production; from source
 * (tsx, vitest) the .ts beside the requested .js, loaded through tsx's ESM loader.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerEntry(requested: URL): URL {
  let url = requested;
  // Running from source (tsx): './x.js' names a file that only exists as './x.ts'.
  if (url.protocol === 'file:' && url.pathname.endsWith('.js') && !existsSync(fileURLToPath(url))) {
    const ts = new URL(url.href.replace(/\.js$/, '.ts'));
    if (existsSync(fileURLToPath(ts))) url = ts;
  }
  if (!url.pathname.endsWith('.ts')) return url;
  // Development / tests: load the TypeScript worker through tsx's ESM loader.
  // (the ESM build of tsx's API sits beside the CommonJS file require.resolve finds)
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
