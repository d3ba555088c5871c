import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../compose/build-model.js';
import {
  configHash,
  containerName,
  createOptions,
  imageName,
  LABEL,
  missingBindSources,
  planService,
} from './container-spec.js';
import { demultiplex } from './demux.js';

const model = buildModel(
  `name: demo
services:
  db:
    image: postgres:17
    container_name: demo-db
    ports: ["127.0.0.1:5432:5432", "8125:8125/udp"]
    volumes: [data:/var/lib/postgresql/data, ./init:/docker-entrypoint-initdb.d:ro]
    healthcheck: { test: [CMD, pg_isready], interval: 1s, timeout: 3s, retries: 5, start_period: 20s }
    environment: { POSTGRES_USER: root }
    networks: { default: { aliases: [database] } }
    restart: unless-stopped
  app:
    build: ./app
    command: node main.js
    init: true
volumes: { data: {} }
`,
  { file: 'docker-compose.yml', projectDir: '/p', env: {}, profiles: [] },
);

describe('createOptions', () => {
  const db = createOptions(model, model.services.db!);

  it("runs Docker's init first where the service asks for it, and only there", () => {
    const app = createOptions(model, model.services.app!);
    expect((app.HostConfig as { Init?: boolean }).Init).toBe(true);
    expect(db.HostConfig).not.toHaveProperty('Init');
    const text = 'services:\n  app:\n    image: node\n    init: sometimes\n';
    expect(() =>
      buildModel(text, { file: 'docker-compose.yml', projectDir: '/p', env: {}, profiles: [] }),
    ).toThrow(/services\.app\.init.*true or false/);
  });

  it('publishes every port it exposes, udp included, host ports as strings', () => {
    expect(db.ExposedPorts).toEqual({ '5432/tcp': {}, '8125/udp': {} });
    expect((db.HostConfig as { PortBindings: unknown }).PortBindings).toEqual({
      '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '5432' }],
      '8125/udp': [{ HostIp: '', HostPort: '8125' }],
    });
  });

  it('carries compose labels, nanosecond healthchecks, mounts, aliases and restart policy', () => {
    expect(db.Labels).toMatchObject({
      [LABEL.project]: 'demo',
      [LABEL.service]: 'db',
      [LABEL.number]: '1',
      [LABEL.oneoff]: 'False',
    });
    expect(db.Healthcheck).toEqual({
      Test: ['CMD', 'pg_isready'],
      Interval: 1e9,
      Timeout: 3e9,
      Retries: 5,
      StartPeriod: 20e9,
    });
    expect((db.HostConfig as { Mounts: unknown }).Mounts).toEqual([
      { Type: 'volume', Source: 'demo_data', Target: '/var/lib/postgresql/data', ReadOnly: false },
      { Type: 'bind', Source: resolve('/p', 'init'), Target: '/docker-entrypoint-initdb.d', ReadOnly: true },
    ]);
    expect(db.NetworkingConfig).toEqual({
      EndpointsConfig: { demo_default: { Aliases: ['db', 'database'] } },
    });
    expect((db.HostConfig as { RestartPolicy: unknown }).RestartPolicy).toEqual({ Name: 'unless-stopped' });
    expect(db.name).toBe('demo-db');
    expect(db.Env).toEqual(['POSTGRES_USER=root']);
  });

  it('applies pid and cgroup namespaces (the agent needs the host ones), and leaves them unset otherwise', () => {
    const agent = buildModel('services:\n  agent:\n    image: a\n    pid: host\n    cgroup: host\n', {
      file: 'docker-compose.yml',
      projectDir: '/p',
      env: {},
      profiles: [],
    });
    expect(createOptions(agent, agent.services.agent!).HostConfig).toMatchObject({
      PidMode: 'host',
      CgroupnsMode: 'host',
    });
    expect(db.HostConfig).not.toHaveProperty('PidMode');
    expect(db.HostConfig).not.toHaveProperty('CgroupnsMode');
    expect(() =>
      buildModel('services:\n  a:\n    image: a\n    cgroup: shared\n', {
        file: 'docker-compose.yml',
        projectDir: '/p',
        env: {},
        profiles: [],
      }),
    ).toThrow('services.a.cgroup: is host or private');
  });

  it('names built images and unnamed containers as compose does', () => {
    expect(imageName(model, model.services.app!)).toBe('demo-app');
    expect(containerName(model, model.services.app!)).toBe('demo-app-1');
    expect(createOptions(model, model.services.app!).Cmd).toEqual(['node', 'main.js']);
  });
});

describe('planService', () => {
  const hash = configHash(model.services.db!, 'sha256:1');
  it('creates, keeps, starts or recreates', () => {
    expect(planService(hash, undefined)).toBe('create');
    expect(planService(hash, { hash, running: true })).toBe('keep');
    expect(planService(hash, { hash, running: false })).toBe('start');
    expect(planService(hash, { hash: 'other', running: true })).toBe('recreate');
  });
  it('changes the hash when the service or its image changes', () => {
    expect(configHash(model.services.db!, 'sha256:2')).not.toBe(hash);
    expect(configHash({ ...model.services.db!, environment: { POSTGRES_USER: 'x' } }, 'sha256:1')).not.toBe(
      hash,
    );
    expect(configHash(model.services.db!, 'sha256:1')).toBe(hash);
  });
});

describe('demultiplex', () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  it('splits stdout from stderr', () => {
    expect(demultiplex(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n')]))).toEqual(
      { stdout: 'out 1\nout 2\n', stderr: 'err\n' },
    );
  });
  it('passes a raw (TTY) stream through', () => {
    expect(demultiplex(Buffer.from('plain text'))).toEqual({ stdout: 'plain text', stderr: '' });
  });
});

describe('the build context digest', () => {
  it('changes when a file the build sends changes, not when an ignored one does', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { contextDigest } = await import('./build-image.js');
    const dir = mkdtempSync(join(tmpdir(), 'ddw-digest-'));
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\ndist\n');
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'one');
    const spec = { context: dir, dockerfile: 'Dockerfile', args: {} };
    const first = await contextDigest(spec);
    writeFileSync(join(dir, 'dist', 'main.js'), 'built');
    expect(await contextDigest(spec)).toBe(first);
    writeFileSync(join(dir, 'src', 'main.ts'), 'two');
    const second = await contextDigest(spec);
    expect(second).not.toBe(first);
    expect(await contextDigest({ ...spec, args: { NODE_IMAGE: 'x' } })).not.toBe(second);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('missingBindSources', () => {
  const extra = buildModel(
    `services:
  web:
    image: x
    volumes: [./state/drills:/app/flags:ro, /var/run/docker.sock:/var/run/docker.sock:ro, ./init:/i, data:/d]
volumes: { data: {} }
`,
    { file: 'docker-compose.yml', projectDir: '/p', env: {}, profiles: [] },
  );
  it('are the project’s own missing folders, as compose creates them, never a path outside it', () => {
    const web = extra.services.web!;
    expect(missingBindSources(web, '/p', () => false)).toEqual(['/p/state/drills', '/p/init']);
    expect(missingBindSources(web, '/p', (path) => path === '/p/init')).toEqual(['/p/state/drills']);
    expect(missingBindSources(web, '/pp', () => false)).toEqual([]);
  });
  it('read Windows paths with their own separator', () => {
    const service = {
      ...extra.services.web!,
      volumes: [
        {
          type: 'bind' as const,
          source: 'C:\\Users\\ada\\ws\\.ddworkshop\\drills',
          target: '/f',
          readOnly: true,
        },
        { type: 'bind' as const, source: 'C:\\Users\\ada\\wsx\\x', target: '/g', readOnly: false },
      ],
    };
    expect(missingBindSources(service, 'C:\\Users\\ada\\ws', () => false, '\\')).toEqual([
      'C:\\Users\\ada\\ws\\.ddworkshop\\drills',
    ]);
  });
});
