/**
 * The outbox loses nothing when a command queues an event while the sender is delivering: the
 * event queued during the delivery's request stays, the delivered ones leave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliver, enqueue, queued, writeMembership } from '../../../cli/class/class-client.js';

const dir = mkdtempSync(join(tmpdir(), 'ddw-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the class outbox', () => {
  it('keeps an event queued while a delivery is on its way, and drops only what the hub took', async () => {
    const received: string[] = [];
    const hub = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', async () => {
        for (const e of (JSON.parse(body) as { events: Array<{ kind: string }> }).events)
          received.push(e.kind);
        // Another command queues meanwhile, before the hub answers.
        await enqueue(dir, { kind: 'hint', lesson: '02-purchase-endpoint' });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":2}');
      });
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    try {
      const port = (hub.address() as AddressInfo).port;
      await writeMembership(dir, { hub: `http://127.0.0.1:${port}`, student: 's', token: 't', name: 'Ada' });
      await enqueue(dir, { kind: 'check', lesson: '01-explore-the-stack', passed: false });
      await enqueue(dir, { kind: 'apply', lesson: '01-explore-the-stack' });
      expect(await deliver(dir)).toEqual({ sent: 2, left: 0 });
      expect(received).toEqual(['check', 'apply']);
      expect((await queued(dir)).map((q) => q.event.kind)).toEqual(['hint']);
    } finally {
      hub.close();
    }
  });
});
