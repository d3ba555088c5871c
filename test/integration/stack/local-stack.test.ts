/**
 * The whole stack on the local runtime, driven through the CLI as a student would: setup
 * without a terminal, status, agent checks, a second up that changes nothing, faults (a taken
 * port, a refused key), and down stopping exactly what was started.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { copyProject, type ProjectCopy } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

let project: ProjectCopy;

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return runCli(project.dir, args, { ...project.env, ...extraEnv }, 180_000);
}

const pids = () =>
  ['postgres', 'intake', 'webapp'].map((s) => {
    const file = join(project.dir, '.ddworkshop/local', `${s}.pid.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid : undefined;
  });
/** Running, and not a zombie waiting for a parent that never reaps (the CLI that spawned it has exited). */
const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

beforeAll(async () => {
  project = await copyProject();
}, 30_000);

afterAll(async () => {
  await cli(['down', '-v', '--runtime', 'local']);
  project.remove();
});

describe('the local runtime through the CLI', () => {
  it('setup --offline --runtime local brings up a healthy, checked stack without asking anything', async () => {
    const run = await cli(['setup', '--offline', '--runtime', 'local']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('✔ webapp /health: HTTP 200');
    expect(run.stdout).toMatch(/✔ agent :\d+\/info: traces accepted/);
    expect(run.stdout).toContain('✔ agent status: DogStatsD');
    expect(run.stdout).toContain('Ready.');
    expect(existsSync(join(project.dir, '.env'))).toBe(false);
    const res = await fetch(`http://127.0.0.1:${project.ports.webapp}/health`);
    expect(res.status).toBe(200);
  });

  it('status --json shows every service running and healthy on the moved ports', async () => {
    const run = await cli(['status', '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as {
      runtime: string;
      services: Array<{ service: string; state: string; health: string; ports: string[] }>;
    };
    expect(status.runtime).toBe('local');
    expect(status.services.map((s) => [s.service, s.state, s.health])).toEqual([
      ['postgres', 'running', 'healthy'],
      ['intake', 'running', 'healthy'],
      ['webapp', 'running', 'healthy'],
    ]);
    expect(status.services.find((s) => s.service === 'webapp')?.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: project.ports.webapp, protocol: 'tcp' },
    ]);
  });

  it('agent info and agent status report a working agent', async () => {
    const info = await cli(['agent', 'info', '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ ok: true, statsdPort: project.ports.dogstatsd });
    const status = await cli(['agent', 'status', '--json']);
    expect(status.code, status.stdout).toBe(0);
    const checks = (JSON.parse(status.stdout) as { checks: Array<{ name: string; ok: boolean }> }).checks;
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['API key', true],
      ['DogStatsD', true],
      ['APM receiver', true],
    ]);
    const raw = await cli(['agent', 'status', '--raw']);
    expect(raw.stdout).toContain('APM Agent');
  });

  it('the intake runs the agent’s system and postgres checks against the local stack', async () => {
    const raw = await waitUntil(
      async () => (await cli(['agent', 'status', '--raw'])).stdout,
      (text) => /postgres: \[OK\]/.test(text),
      'the postgres check to run',
      { timeoutMs: 40_000, intervalMs: 1000 },
    ).catch(async () => (await cli(['agent', 'status', '--raw'])).stdout);
    expect(raw).toMatch(/system: \[OK\]/);
    expect(raw).toMatch(/postgres: \[OK\]/);
    const run = await cli(['verify', 'metrics', '--infra', '--timeout', '40s', '--json']);
    const out = JSON.parse(run.stdout) as { ok: boolean; metrics: Array<{ metric: string; found: boolean }> };
    expect(out.metrics.filter((m) => !m.found).map((m) => m.metric)).toEqual([]);
    expect(out.metrics.map((m) => m.metric)).toEqual(
      expect.arrayContaining(['system.cpu.user', 'postgresql.connections', 'postgresql.commits']),
    );
    expect(run.code).toBe(0);
  }, 90_000);

  it('a second up changes nothing', async () => {
    const before = pids();
    const run = await cli(['up']);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/running, unchanged/g)).toHaveLength(3);
    expect(pids()).toEqual(before);
  });

  it('logs shows what a service printed', async () => {
    const run = await cli(['logs', 'webapp']);
    expect(run.stdout).toContain(`webapp listening on :${project.ports.webapp}`);
  });

  it('doctor: a healthy stack holds its own ports; a killed service fails doctor, and up brings it back', async () => {
    const healthy = await cli(['doctor']);
    expect(healthy.stdout).not.toMatch(/port \d+\/(tcp|udp): taken/);
    expect(healthy.stdout).toContain('✔ stack: 3 services running');
    const intake = JSON.parse(
      readFileSync(join(project.dir, '.ddworkshop/local/intake.pid.json'), 'utf8'),
    ) as {
      pid: number;
    };
    process.kill(intake.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const broken = await cli(['doctor']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /✖ service intake: (missing|exited|stopped) while the rest of the stack runs/,
    );
    // The webapp and PostgreSQL still hold their ports: theirs, not strangers'.
    expect(broken.stdout).not.toMatch(/port \d+\/(tcp|udp): taken/);
    const up = await cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    expect((await cli(['doctor'])).stdout).toContain('✔ stack: 3 services running');
  });

  it('down stops exactly what it started', async () => {
    const before = pids();
    expect(before.every(alive)).toBe(true);
    const run = await cli(['down']);
    expect(run.code).toBe(0);
    await waitUntil(
      () => before.some(alive),
      (any) => !any,
      'every process it started to be gone',
      { timeoutMs: 5_000 },
    ).catch(() => {});
    expect(before.some(alive)).toBe(false);
    const status = await cli(['status', '--json']);
    expect(status.code).toBe(1);
    expect(
      (JSON.parse(status.stdout) as { services: Array<{ state: string }> }).services.every(
        (s) => s.state === 'missing',
      ),
    ).toBe(true);
  });
});

describe('faults', () => {
  it('a taken port: doctor names it and the variable, and up refuses with the same advice', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(project.ports.webapp, '127.0.0.1', r));
    try {
      const doctor = await cli(['doctor']);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toContain(`port ${project.ports.webapp}/tcp: taken (needed for webapp)`);
      expect(doctor.stdout).toContain('WEBAPP_PORT');
      // An earlier run on Docker: a failed local up must still leave `down` talking to what it started.
      writeFileSync(join(project.dir, '.ddworkshop/runtime'), 'docker\n');
      const up = await cli(['up', '--runtime', 'local']);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(`Port ${project.ports.webapp}/tcp for webapp is already in use`);
      expect(up.stderr).toContain('WEBAPP_PORT');
      expect(readFileSync(join(project.dir, '.ddworkshop/runtime'), 'utf8').trim()).toBe('local');
      expect(existsSync(join(project.dir, '.ddworkshop/local/postgres.pid.json'))).toBe(true);
    } finally {
      blocker.close();
    }
    const down = await cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(existsSync(join(project.dir, '.ddworkshop/local/postgres.pid.json'))).toBe(false);
  });

  it('a refused API key stops setup before anything is written', async () => {
    const datadog: Server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"errors":["Forbidden"]}');
    });
    const port = await freePort();
    await new Promise<void>((r) => datadog.listen(port, '127.0.0.1', r));
    try {
      const run = await cli(['setup', '--runtime', 'local'], {
        DDWORKSHOP_OFFLINE: '',
        DD_API_KEY: 'fake-refused-key-for-the-setup-test',
        DDWORKSHOP_DATADOG_API_URL: `http://127.0.0.1:${port}`,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('DD_API_KEY was refused');
      expect(run.stderr).not.toContain('fake-refused-key');
      expect(existsSync(join(project.dir, '.env'))).toBe(false);
      expect(pids().every((p) => p === undefined)).toBe(true);
    } finally {
      datadog.close();
    }
  });

  it('a broken compose file is named by file and key', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(project.dir, 'docker-compose.yml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('"127.0.0.1:${WEBAPP_PORT:-3001}:3001"', '"not-a-port"'));
    try {
      const run = await cli(['status']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'docker-compose.yml: services.webapp.ports[0]: "not-a-port" is not a port',
      );
    } finally {
      writeFileSync(file, good);
    }
  });
});
