/**
 * Child process for the kill test: alternates the active model between the given ids forever,
 * printing a line after each switch. The parent SIGKILLs it at an arbitrary moment.
 */
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';

const [dir, ...ids] = process.argv.slice(2);
const registry = await DirectoryModelRegistry.open(dir);
for (let i = 0; ; i++) {
  await registry.setActive(ids[i % ids.length]);
  process.stdout.write(`switched ${i}\n`);
}
