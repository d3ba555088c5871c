/** The compiled webapp (`webapp/dist/main.js`) as a child process on a free port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './free-port.js';

export interface WebappProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const repo = resolve(import.meta.dirname, '../..');

export async function startWebapp(
  env: Record<string, string>,
  {
    main = resolve(repo, 'webapp/dist/main.js'),
    timeoutMs = 30_000,
    logFile,
  }: { main?: string; timeoutMs?: number; logFile?: string } = {},
): Promise<WebappProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      DD_TRACE_TELEMETRY_ENABLED: 'false',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    // As the local runtime does: the service's output in a file, for the intake to tail.
    if (logFile) appendFileSync(logFile, d);
  });
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the webapp exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the webapp did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
