/**
 * Every option value is checked before any work starts: a bad one is a short message naming
 * the option and what it takes, exit 1, never a stack trace, never a wait that never ends.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ddw-options-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const cases: Array<[string[], RegExp]> = [
  [['verify', 'metrics', '--since', 'abc'], /--since <duration>' argument 'abc' is invalid. Give a duration/],
  [['verify', 'metrics', '--timeout', '1e308'], /--timeout <duration>' argument '1e308' is invalid/],
  [['verify', 'traces', '--since', '-5m'], /--since <duration>' argument '-5m' is invalid/],
  [
    ['status', '--runtime', 'foo'],
    /--runtime <kind>' argument 'foo' is invalid. Allowed choices are docker, local/,
  ],
  [['up', '--timeout', 'abc'], /--timeout <time>' argument 'abc' is invalid/],
  [['down', '--runtime', 'podman'], /Allowed choices are docker, local/],
  [['logs', '--tail', 'ten'], /--tail <n>' argument 'ten' is invalid. Give a whole number/],
  [['setup', '--runtime', 'vm', '-y'], /Allowed choices are docker, local/],
  [['agent', 'status', '--runtime', 'x'], /Allowed choices are docker, local/],
  [['intake', '--api-port', '70000'], /--api-port <port>' argument '70000' is invalid. Give a port number/],
  [['intake', '--trace-port', 'http'], /--trace-port <port>' argument 'http' is invalid/],
  [['traffic', 'quick', '--rate', '-3'], /--rate <n>' argument '-3' is invalid. Give a number above 0/],
  [
    ['traffic', 'quick', '--concurrency', '2.5'],
    /--concurrency <n>' argument '2.5' is invalid. Give a whole number/,
  ],
  [['traffic', 'quick', '--duration', 'forever'], /--duration <time>' argument 'forever' is invalid/],
  [['traffic', 'quick', '--seed', 'x'], /--seed <n>' argument 'x' is invalid/],
  [['traffic', 'quick', '--timeout', '0'], /--timeout <time>' argument '0' is invalid/],
  [['traffic', 'quick', '--time-scale', 'fast'], /--time-scale <factor>' argument 'fast' is invalid/],
];

describe('bad option values', () => {
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const run = await runCli(project, args, { DDWORKSHOP_OFFLINE: '1' }, 20_000);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at |this is a bug/);
      expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    });
  }
});
