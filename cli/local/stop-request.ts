/** Sends a Node service its stop line (bin/service-control.cjs): true once it said it is stopping. */
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';

export async function requestStop(
  control: { token: string; file: string },
  timeoutMs = 2_000,
): Promise<boolean> {
  const port = await readFile(control.file, 'utf8')
    .then((text) => (JSON.parse(text) as { port?: number }).port)
    .catch(() => undefined);
  if (!port) return false;
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => socket.write(`stop ${control.token}\n`));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\n')) done(answer.startsWith('stopping'));
    });
    socket.on('error', () => done(false));
    socket.on('end', () => done(answer.startsWith('stopping')));
  });
}
