/** The compiled webapp (`webapp/dist/main.js`) as a child process on a free port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
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
    nodeArgs = [],
  }: { main?: string; timeoutMs?: number; logFile?: string; nodeArgs?: string[] } = {},
): Promise<WebappProcess> {
  const port = await freePort();
  let output = '';
  // With a log file, the service writes to it directly, as the local runtime's services do:
  // nothing passes through this process (a benchmark's load generator shares its CPU).
  const log = logFile ? openSync(logFile, 'a') : undefined;
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      PATH: process.env.PATH,
      DD_TRACE_TELEMETRY_ENABLED: 'false',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', log ?? 'pipe', log ?? 'pipe'],
  });
  if (log !== undefined) closeSync(log);
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const readOutput = () => (logFile ? readFileSync(logFile, 'utf8') : output);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the webapp exited with ${child.exitCode}:\n${readOutput()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the webapp did not become healthy in ${timeoutMs} ms:\n${readOutput()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: readOutput,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
