import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build-model.js';
import { shellSplit } from './fields.js';
import { dependencyWaves } from './order.js';

const repo = resolve(import.meta.dirname, '../..');
const opts = (profiles: string[], env: Record<string, string> = {}) => ({
  file: 'docker-compose.yml',
  projectDir: '/p',
  env,
  profiles,
});

function model(yaml: string, profiles: string[] = [], env: Record<string, string> = {}) {
  return buildModel(yaml, opts(profiles, env));
}

describe('buildModel: fields', () => {
  it('reads ports in short and long form, udp and host IPs included', () => {
    const m = model(`services:
  a:
    image: x
    ports:
      - "127.0.0.1:8125:8125/udp"
      - 3001:3001
      - "9000"
      - "8000-8001:7000-7001"
      - { target: 80, published: 8080, protocol: tcp, host_ip: 0.0.0.0 }
`);
    expect(m.services.a?.ports).toEqual([
      { target: 8125, published: 8125, hostIp: '127.0.0.1', protocol: 'udp' },
      { target: 3001, published: 3001, protocol: 'tcp' },
      { target: 9000, protocol: 'tcp' },
      { target: 7000, published: 8000, protocol: 'tcp' },
      { target: 7001, published: 8001, protocol: 'tcp' },
      { target: 80, published: 8080, hostIp: '0.0.0.0', protocol: 'tcp' },
    ]);
  });

  it('reads depends_on as a list and as a map with conditions and required', () => {
    const m = model(`services:
  db: { image: x }
  agent: { image: x, profiles: [datadog] }
  app:
    image: x
    depends_on:
      db: { condition: service_healthy }
      agent: { condition: service_healthy, required: false }
  job: { image: x, depends_on: [db] }
`);
    expect(m.services.app?.dependsOn).toEqual({
      db: { condition: 'service_healthy', required: true, restart: false },
      agent: { condition: 'service_healthy', required: false, restart: false },
    });
    expect(m.services.job?.dependsOn.db?.condition).toBe('service_started');
    expect(Object.keys(m.services)).toEqual(['db', 'app', 'job']);
    expect(dependencyWaves(m)).toEqual([['db'], ['app', 'job']]);
  });

  it('reads healthchecks in every form', () => {
    const m = model(`services:
  a: { image: x, healthcheck: { test: "pg_isready", interval: 1m30s, timeout: 500ms, retries: 5, start_period: 20s, start_interval: 1s } }
  b: { image: x, healthcheck: { test: [CMD, agent, health] } }
  c: { image: x, healthcheck: { disable: true } }
`);
    expect(m.services.a?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'pg_isready'],
      intervalMs: 90_000,
      timeoutMs: 500,
      retries: 5,
      startPeriodMs: 20_000,
      startIntervalMs: 1_000,
      disable: false,
    });
    expect(m.services.b?.healthcheck?.test).toEqual(['CMD', 'agent', 'health']);
    expect(m.services.b?.healthcheck?.intervalMs).toBe(30_000);
    expect(m.services.c?.healthcheck).toMatchObject({ test: ['NONE'], disable: true });
  });

  it('reads environment, labels and build args as maps or lists, and env_file', () => {
    const m = buildModel(
      `services:
  a:
    build: { context: ./app, dockerfile: Dockerfile.dev, args: [NODE_IMAGE=node:20], target: runtime }
    environment: [A=1, FROM_ENV, "B=x=y"]
    labels: { team: obs }
    env_file: [{ path: ./extra.env, required: false }, ./base.env]
    command: node "dist/main.js" --flag
    entrypoint: [tini, --]
`,
      opts([], { FROM_ENV: 'env value' }),
      (p) => (p === resolve('/p', 'base.env') ? 'A=from-file\nC="quoted"\n' : undefined),
    );
    const a = m.services.a;
    expect(a?.build).toEqual({
      context: resolve('/p', 'app'),
      dockerfile: 'Dockerfile.dev',
      args: { NODE_IMAGE: 'node:20' },
      target: 'runtime',
    });
    expect(a?.environment).toEqual({ A: '1', C: 'quoted', FROM_ENV: 'env value', B: 'x=y' });
    expect(a?.labels).toEqual({ team: 'obs' });
    expect(a?.command).toEqual(['node', 'dist/main.js', '--flag']);
    expect(a?.entrypoint).toEqual(['tini', '--']);
  });

  it('reads volumes and networks, and names them after the project', () => {
    const m = model(`name: My_Project
services:
  a:
    image: x
    volumes: [data:/var/lib/data, ./conf:/etc/conf:ro, /abs:/abs, { type: tmpfs, target: /tmp }]
    networks: { back: { aliases: [datadog] } }
volumes: { data: {} }
networks: { back: {} }
`);
    expect(m.name).toBe('my_project');
    expect(m.services.a?.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false },
      { type: 'bind', source: resolve('/p', 'conf'), target: '/etc/conf', readOnly: true },
      { type: 'bind', source: '/abs', target: '/abs', readOnly: false },
      { type: 'tmpfs', target: '/tmp', readOnly: false },
    ]);
    expect(m.volumes.data?.name).toBe('my_project_data');
    expect(m.networks.back).toEqual({ name: 'my_project_back', external: false, labels: {} });
    expect(m.services.a?.networks).toEqual({ back: { aliases: ['datadog'] } });
  });

  it('splits command strings like a shell', () => {
    expect(shellSplit(`postgres -c 'a b' "c \\"d\\"" e\\ f ''`)).toEqual([
      'postgres',
      '-c',
      'a b',
      'c "d"',
      'e f',
      '',
    ]);
  });
});

describe('buildModel: errors name the file and the key', () => {
  it.each([
    [
      'services:\n  a: { image: x, ports: ["abc"] }\n',
      'docker-compose.yml: services.a.ports[0]: "abc" is not a port',
    ],
    [
      'services:\n  a: { image: x, depends_on: [b] }\n',
      'docker-compose.yml: services.a.depends_on.b: names no service',
    ],
    [
      'services:\n  a: { image: x, healthcheck: { test: x, interval: soon } }\n',
      'services.a.healthcheck.interval: "soon" is not a duration',
    ],
    [
      'services:\n  a: { image: "${IMG:?set IMG}" }\n',
      'docker-compose.yml: services.a.image: required variable IMG is missing a value: set IMG',
    ],
    ['services:\n  a: { imagee: x }\n', 'services.a.imagee: is not a service option'],
    ['services:\n  a: { build: . , restart: sometimes }\n', 'services.a.restart: "sometimes"'],
    ['services: [\n', 'docker-compose.yml: not valid YAML'],
    [
      'services:\n  a: { image: x, depends_on: { b: { condition: service_ready } } }\n  b: { image: x }\n',
      'services.a.depends_on.b.condition',
    ],
    ['services:\n  a: { image: x, volumes: [data:/d] }\n', 'volume "data" is not declared'],
  ])('%j', (yaml, message) => {
    expect(() => model(yaml)).toThrow(message);
  });

  it('refuses a required dependency whose profile is off, and finds cycles', () => {
    expect(() =>
      model('services:\n  a: { image: x, depends_on: [b] }\n  b: { image: x, profiles: [p] }\n'),
    ).toThrow('b is not active for profiles []');
    const cyclic = model(
      'services:\n  a: { image: x, depends_on: [b] }\n  b: { image: x, depends_on: [a] }\n',
    );
    expect(() => dependencyWaves(cyclic)).toThrow('dependency cycle: a -> b -> a');
  });
});

describe('the shipped docker-compose.yml', () => {
  const text = readFileSync(resolve(repo, 'docker-compose.yml'), 'utf8');

  it('offline: postgres, the intake as datadog-agent, the webapp; ports moved by variables', () => {
    const m = buildModel(text, {
      file: 'docker-compose.yml',
      projectDir: repo,
      env: { WEBAPP_PORT: '4001' },
      profiles: ['offline'],
    });
    expect(m.name).toBe('ddworkshop');
    expect(Object.keys(m.services).sort()).toEqual(['intake', 'postgres', 'webapp']);
    expect(m.services.intake?.containerName).toBe('datadog-agent');
    expect(m.services.intake?.networks.default?.aliases).toEqual(['datadog']);
    expect(m.services.intake?.ports.map((p) => `${p.published}/${p.protocol}`)).toEqual([
      '8126/tcp',
      '8125/udp',
      '8127/tcp',
    ]);
    expect(m.services.webapp?.ports).toEqual([
      { target: 3001, published: 4001, hostIp: '127.0.0.1', protocol: 'tcp' },
    ]);
    expect(m.services.webapp?.environment.DD_AGENT_HOST).toBe('datadog');
    expect(m.services.webapp?.build?.args).toEqual({
      NODE_IMAGE: 'node:20-bookworm-slim',
      NPM_REGISTRY: 'https://registry.npmjs.org/',
    });
    expect(m.services.postgres?.command).toContain('shared_preload_libraries=pg_stat_statements');
    expect(m.services.postgres?.healthcheck).toMatchObject({
      test: ['CMD', 'pg_isready', '-U', 'root', '-d', 'postgres'],
      intervalMs: 1000,
      startPeriodMs: 20_000,
    });
    expect(dependencyWaves(m)).toEqual([['intake', 'postgres'], ['webapp']]);
  });

  it('datadog: the real agent with the postgres check, no intake', () => {
    const m = buildModel(text, {
      file: 'docker-compose.yml',
      projectDir: repo,
      env: { DD_API_KEY: 'k' },
      profiles: ['datadog'],
    });
    expect(Object.keys(m.services).sort()).toEqual(['datadog', 'postgres', 'webapp']);
    expect(m.services.datadog?.image).toBe('gcr.io/datadoghq/agent:7');
    expect(m.services.datadog?.environment).toMatchObject({
      DD_API_KEY: 'k',
      DD_APM_ENABLED: 'true',
      DD_LOGS_ENABLED: 'true',
      DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL: 'true',
      DD_ENV: 'workshop',
    });
    // What Datadog's Docker docs ask for, and nothing meant for the webapp or not an agent setting.
    expect(m.services.datadog).toMatchObject({ pid: 'host', cgroup: 'host' });
    for (const key of ['DD_SERVICE', 'DD_VERSION', 'DD_DATABASE_MONITORING_ENABLED'])
      expect(m.services.datadog?.environment[key]).toBeUndefined();
    expect(m.services.webapp?.environment).toMatchObject({
      DD_DBM_PROPAGATION_MODE: 'full',
      DD_RUNTIME_METRICS_ENABLED: 'true',
    });
    expect(m.services.postgres?.command).toContain('track_activity_query_size=4096');
    expect(m.services.datadog?.volumes.some((v) => v.target === '/etc/datadog-agent/conf.d/postgres.d')).toBe(
      true,
    );
    expect(m.services.datadog?.healthcheck?.test).toEqual(['CMD', 'agent', 'health']);
    expect(dependencyWaves(m)).toEqual([['postgres'], ['datadog'], ['webapp']]);
  });

  it('takes image overrides for machines without a registry', () => {
    const m = buildModel(text, {
      file: 'docker-compose.yml',
      projectDir: repo,
      env: { POSTGRES_IMAGE: 'ddworkshop/postgres-local:15', NODE_IMAGE: 'ddworkshop/node-base:20' },
      profiles: ['offline'],
    });
    expect(m.services.postgres?.image).toBe('ddworkshop/postgres-local:15');
    expect(m.services.intake?.build?.args.NODE_IMAGE).toBe('ddworkshop/node-base:20');
  });

  it("builds the images through a class hub's npm cache when NPM_REGISTRY says so", () => {
    const registry = 'http://192.168.1.20:4321/npm/K7P2QX/';
    const m = buildModel(text, {
      file: 'docker-compose.yml',
      projectDir: repo,
      env: { NPM_REGISTRY: registry },
      profiles: ['offline'],
    });
    expect(m.services.intake?.build?.args.NPM_REGISTRY).toBe(registry);
    expect(m.services.webapp?.build?.args.NPM_REGISTRY).toBe(registry);
    // Every npm ci of both images downloads from it, in every stage.
    for (const dir of ['webapp', 'intake']) {
      const dockerfile = readFileSync(join(repo, dir, 'Dockerfile'), 'utf8');
      const stages = dockerfile.split(/^FROM /m).slice(1);
      for (const stage of stages.filter((st) => st.includes('npm ci'))) {
        expect(stage).toMatch(/^ARG NPM_REGISTRY=https:\/\/registry\.npmjs\.org\/$/m);
        for (const run of stage.match(/^RUN npm ci.*$/gm) ?? [])
          expect(run).toContain('--registry "$NPM_REGISTRY"');
      }
    }
  });
});
