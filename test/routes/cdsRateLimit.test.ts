/**
 * CDS calls are rate-limited per calling EHR (issuer and tenant from the verified JWT), not per
 * client IP: every inject below comes from the same address (127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CdsBench, startCdsBench } from '../helpers/cdsHarness.js';

let b: CdsBench;
beforeAll(async () => {
  b = await startCdsBench({ config: { rateLimit: { max: 3, timeWindowMs: 60_000 } } });
}, 120_000);
afterAll(async () => b?.close());

const discover = async (tenant: string) =>
  b.t.app.inject({
    url: '/cds-services',
    headers: {
      authorization: `Bearer ${await b.ehr.sign({ aud: 'https://her2.test.example/cds-services', tenant })}`,
    },
  });

describe('CDS Hooks rate limit', () => {
  it('counts each EHR tenant on its own: one at its limit does not stop another from the same address', async () => {
    for (let k = 0; k < 3; k++) expect((await discover('hospital-a')).statusCode).toBe(200);
    const limited = await discover('hospital-a');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/rate limit exceeded: 3 requests/);
    expect((await discover('hospital-b')).statusCode).toBe(200);
  });
});
