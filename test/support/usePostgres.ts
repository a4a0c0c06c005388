/** The embedded PostgreSQL server of a test file: started before its tests, destroyed after. */
import { afterAll, beforeAll } from 'vitest';
import { type TestPostgres, startTestPostgres } from './embeddedPostgres.js';

/** One server for the calling test file, started before its tests and destroyed after. */
export function usePostgres(): {
  readonly server: TestPostgres;
  freshDatabase(prefix?: string): Promise<string>;
} {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.destroy();
  });
  const get = (): TestPostgres => {
    if (!server) throw new Error('usePostgres: the server is not started yet (call inside tests or hooks)');
    return server;
  };
  return {
    get server() {
      return get();
    },
    freshDatabase: (prefix) => get().freshDatabase(prefix),
  };
}
