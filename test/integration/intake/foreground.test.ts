/** `ddworkshop intake` in the foreground: starts, answers as the agent, stops on Ctrl-C. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, freeUdpPort } from '../../support/free-port.js';

describe('ddworkshop intake', () => {
  it('runs until Ctrl-C on the ports it is given', async () => {
    const [statsd, trace, api] = [await freeUdpPort(), await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [
        resolve(import.meta.dirname, '../../../bin/ddworkshop.js'),
        'intake',
        '--dogstatsd-port',
        String(statsd),
        '--trace-port',
        String(trace),
        '--api-port',
        String(api),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!out.includes('Ctrl-C to stop') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(`DogStatsD ${statsd}/udp, traces ${trace}, API ${api}`);
    const info = (await (await fetch(`http://127.0.0.1:${trace}/info`)).json()) as {
      config: { statsd_port: number };
    };
    expect(info.config.statsd_port).toBe(statsd);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('intake stopped');
  });
});
