/** Runs the built CLI (`bin/ddworkshop.js -C <project>`) as a student would, and never throws. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const bin = resolve(import.meta.dirname, '../../bin/ddworkshop.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  projectDir: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 300_000,
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, '-C', projectDir, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: '0', ...env },
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
