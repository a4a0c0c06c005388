import { MemoryModelRegistry } from '../../src/registry/memoryRegistry.js';
import { describeModelRegistryContract } from './registryContract.js';

describeModelRegistryContract('memory', async () => {
  const registry = new MemoryModelRegistry();
  return { registry, peer: registry };
});
