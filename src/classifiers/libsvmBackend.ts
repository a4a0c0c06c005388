/**
 * Loads libsvm-js (libsvm compiled to WebAssembly) once. Only SVM *training* needs it; a fitted SVM
 * predicts in TypeScript from its stored model text, so serving never loads WebAssembly.
 *
 * Two side effects of the Emscripten loader are undone here:
 *  - it registers process.on('unhandledRejection', () => process.exit(1)), which would silently kill
 *    the host process on any unrelated rejected promise, so listeners it added are removed;
 *  - under Node ≥ 18 it first tries fetch() on a file path, fails, and warns before falling back to
 *    reading the file; those two known warnings are filtered while loading.
 */
import { createRequire } from 'node:module';
import type { LibsvmClass } from 'libsvm-js';

let backend: LibsvmClass | null = null;
let loading: Promise<LibsvmClass> | null = null;

const KNOWN_LOADER_WARNINGS = ['wasm streaming compile failed', 'falling back to ArrayBuffer instantiation'];

async function load(): Promise<LibsvmClass> {
  const listenersBefore = new Set(process.listeners('unhandledRejection'));
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const message = String(args[0] ?? '');
    if (KNOWN_LOADER_WARNINGS.some((known) => message.startsWith(known))) return;
    originalWarn(...args);
  };
  try {
    // require, not import(): the package's module.exports is a Promise, and ESM interop layers
    // (vitest's among them) mistake a namespace wrapping a Promise for a thenable and break on it.
    const require = createRequire(import.meta.url);
    return await (require('libsvm-js') as Promise<LibsvmClass>);
  } finally {
    console.warn = originalWarn;
    for (const listener of process.listeners('unhandledRejection')) {
      if (!listenersBefore.has(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}

/** Idempotent; resolves when SVM training is available. */
export async function loadSvmBackend(): Promise<void> {
  if (backend) return;
  loading ??= load();
  backend = await loading;
}

/** The loaded libsvm class; throws if loadSvmBackend() has not completed. */
export function svmBackend(): LibsvmClass {
  if (!backend)
    throw new Error('SVM training needs the libsvm WebAssembly backend: await loadSvmBackend() first');
  return backend;
}
