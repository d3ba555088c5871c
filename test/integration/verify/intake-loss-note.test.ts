/** Offline verify says why a metric may be missing: the kernel dropped a flood, or series were evicted. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeLossNote } from '../../../cli/verify/run-verify.js';

let server: Server;
let base = '';
let status: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((_req, res) => res.end(JSON.stringify(status)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

describe('intakeLossNote', () => {
  it('names kernel drops, then evictions, and says nothing when nothing was lost', async () => {
    status = { dogstatsd: { kernelDrops: 151_234, evictedSeries: 0 } };
    expect(await intakeLossNote(base)).toMatch(/dropped 151234 DogStatsD packets/);
    status = {
      dogstatsd: {
        kernelDrops: 0,
        evictedSeries: 40,
        cardinalityHint: { metric: 'user.clicks', series: 45_012, tag: 'user_id' },
      },
    };
    expect(await intakeLossNote(base)).toMatch(
      /evicted 40 series: user\.clicks has 45012 series \(tag user_id\)/,
    );
    status = { dogstatsd: { kernelDrops: 0, evictedSeries: 0 } };
    expect(await intakeLossNote(base)).toBeUndefined();
  });
});
