import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';
import { describeModelRegistryContract } from './registryContract.js';

describeModelRegistryContract('directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'her2-reg-contract-'));
  const registry = await DirectoryModelRegistry.open(dir);
  // One process owns a registry directory (its lock is in-process): the "peer" is the same object.
  return { registry, peer: registry, close: () => rm(dir, { recursive: true, force: true }) };
});
