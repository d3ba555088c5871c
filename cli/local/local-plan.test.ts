import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../compose/build-model.js';
import { portLabel } from '../runtime/runtime.js';
import { execCommand, listenPorts, localEnvironment, localPlan } from './local-plan.js';

const repo = resolve(import.meta.dirname, '../..');
const model = buildModel(readFileSync(resolve(repo, 'docker-compose.yml'), 'utf8'), {
  file: 'docker-compose.yml',
  projectDir: repo,
  env: {
    WEBAPP_PORT: '4001',
    POSTGRES_PORT: '6543',
    DD_DOGSTATSD_PORT: '9125',
    DD_TRACE_AGENT_PORT: '9126',
    INTAKE_API_PORT: '9127',
  },
  profiles: ['offline'],
});

describe('the environment of a local process', () => {
  it('points the webapp at 127.0.0.1 and the published ports, and leaves names that are not hosts alone', () => {
    expect(localEnvironment(model, model.services.webapp!)).toMatchObject({
      PORT: '4001',
      DB_HOST: '127.0.0.1',
      DB_PORT: '6543',
      DB_NAME: 'postgres',
      DD_AGENT_HOST: '127.0.0.1',
      DD_TRACE_AGENT_PORT: '9126',
      DD_DOGSTATSD_PORT: '9125',
    });
  });

  it('binds the intake to loopback on the published ports', () => {
    const env = localEnvironment(model, model.services.intake!);
    expect(env).toMatchObject({
      INTAKE_HOST: '127.0.0.1',
      INTAKE_DOGSTATSD_PORT: '9125',
      INTAKE_TRACE_PORT: '9126',
      INTAKE_API_PORT: '9127',
    });
    expect(env.INTAKE_IN_CONTAINER).toBeUndefined();
  });

  it('plans each service from its x-ddworkshop.local form, and shows ports as docker ps does', () => {
    const plans = Object.values(model.services).map((svc) => localPlan(model, svc, '/w'));
    expect(plans.map((p) => p.spec.runner)).toEqual(['postgres', 'process', 'process']);
    const [, intake, webapp] = plans;
    expect(intake?.command).toEqual([process.execPath, join('/w', 'intake/dist/main.js')]);
    // The compose healthcheck `agent health` runs through the exec alias.
    expect(intake?.wait).toMatchObject({
      kind: 'command',
      command: [process.execPath, join('/w', 'intake/dist/agent-cli.js'), 'health'],
    });
    expect(webapp?.wait).toMatchObject({ kind: 'http', url: 'http://127.0.0.1:4001/health' });
    expect(plans[0]?.wait.kind).toBe('postgres');
    expect(execCommand(intake!.spec, ['agent', 'status'], '/w')).toEqual([
      process.execPath,
      join('/w', 'intake/dist/agent-cli.js'),
      'status',
    ]);
    expect(listenPorts(model.services.webapp!).map(portLabel)).toEqual(['127.0.0.1:4001/tcp']);
    expect(portLabel({ hostIp: '127.0.0.1', hostPort: 3001, containerPort: 3001, protocol: 'tcp' })).toBe(
      '127.0.0.1:3001->3001/tcp',
    );
  });

  it('runs a service added to the compose file with no code change, and refuses one without a local form', () => {
    const extra = buildModel(
      `services:
  cache:
    image: example/cache
    environment: { UPSTREAM_HOST: web }
    ports: ["127.0.0.1:7001:7001"]
    healthcheck: { test: ["CMD", "cache-cli", "ping"], interval: 2s }
    x-ddworkshop:
      local:
        command: [node, tools/cache.js, --port, "7001"]
        exec: { cache-cli: [node, tools/cache-cli.js] }
  web:
    image: example/web
  agent:
    image: gcr.io/datadoghq/agent:7
`,
      { file: 'docker-compose.yml', projectDir: '/w', env: {}, profiles: [] },
    );
    const cache = localPlan(extra, extra.services.cache!, '/w');
    expect(cache.command).toEqual([process.execPath, join('/w', 'tools/cache.js'), '--port', '7001']);
    expect(cache.env).toEqual({ UPSTREAM_HOST: '127.0.0.1' });
    expect(cache.wait).toEqual({
      kind: 'command',
      command: [process.execPath, join('/w', 'tools/cache-cli.js'), 'ping'],
      intervalMs: 2000,
    });
    expect(() => localPlan(extra, extra.services.web!, '/w')).toThrow('gives it no x-ddworkshop.local form');
    expect(() => localPlan(extra, extra.services.agent!, '/w')).toThrow(
      'the real Datadog agent needs Docker',
    );
  });

  it('names the key of a wrong local form', () => {
    const bad = (local: string) => () =>
      buildModel(`services:\n  a:\n    image: x\n    x-ddworkshop:\n      local: ${local}\n`, {
        file: 'docker-compose.yml',
        projectDir: '/w',
        env: {},
        profiles: [],
      });
    expect(bad('{ runner: vm }')).toThrow('services.a.x-ddworkshop.local.runner');
    expect(bad('{ runner: process }')).toThrow('services.a.x-ddworkshop.local.command: is required');
    expect(bad('{ command: [x], healthcheck: { http: nope } }')).toThrow(
      'x-ddworkshop.local.healthcheck.http',
    );
  });
});
